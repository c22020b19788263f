package fi.ketju.kela;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who is who on X-Road (ketju.xroad.*): {@code hub} is Ketju's own subsystem, the client of every request Ketju
 * sends and the provider of the services Kela calls; {@code kela} is the Kela subsystem whose services Ketju calls.
 */
@ConfigurationProperties("ketju.xroad")
record XRoadSettings(XRoadIdentifier hub, XRoadIdentifier kela) {

    /**
     * An X-Road subsystem, e.g. FI/GOV/0246246-0/etuustiedot (in Finland the member code is the business ID).
     *
     * @param serviceVersion the version of the subsystem's services that Ketju calls; null for Ketju's own
     */
    record XRoadIdentifier(String instance, String memberClass, String memberCode, String subsystemCode,
            String serviceVersion) {

        /** As X-Road writes a subsystem: instance/memberClass/memberCode/subsystemCode. */
        String subsystem() {
            return String.join("/", instance, memberClass, memberCode, subsystemCode);
        }

        /** The fields a mapping gets (from-canonical.xsl, $client and $service). */
        Map<String, String> forMapping() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("instance", instance);
            fields.put("memberClass", memberClass);
            fields.put("memberCode", memberCode);
            fields.put("subsystemCode", subsystemCode);
            if (serviceVersion != null) {
                fields.put("serviceVersion", serviceVersion);
            }
            return fields;
        }
    }
}
