package fi.ketju.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The audit trail's background work: the chainer, the seal and the retention job (spring.task.scheduling). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditScheduling {
}
