package fi.ketju.delivery;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pool of kept-alive HTTP connections to partners, which Camel's http and https components share
 * ({@code camel.component.http.client-connection-manager}).
 *
 * <p>Why not Camel's own pool: it leaves HttpClient's default of never checking a kept-alive connection before it is
 * used again. A partner closes idle connections (its keep-alive timeout, a restart); the next delivery written on
 * such a connection gets no answer, and the attempt fails for nothing: a DELIVERY_FAILED in the log, the message
 * back on the queue, a retry a second later. Here a connection unused for {@code check-idle-after} is checked first,
 * and one the partner closed is replaced. As in Camel's pool: TLS with the JVM's default trust, at most 200
 * connections, and per partner at least Camel's 20 (one for each delivery consumer if there are more).
 */
@Configuration(proxyBeanMethods = false)
class PartnerConnections {

    private static final int MAX_TOTAL = 200;
    private static final int MIN_PER_PARTNER = 20;

    @Bean(destroyMethod = "close")
    PoolingHttpClientConnectionManager partnerConnectionPool(DeliverySettings settings) {
        DeliverySettings.Connections connections = settings.connections();
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_TOTAL)
                .setMaxConnPerRoute(Math.max(MIN_PER_PARTNER, settings.consumers()))
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.of(connections.readTimeout())).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setSocketTimeout(Timeout.of(connections.readTimeout()))
                        .setValidateAfterInactivity(TimeValue.of(connections.checkIdleAfter()))
                        .build())
                .build();
    }
}
