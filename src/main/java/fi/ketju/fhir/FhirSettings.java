package fi.ketju.fhir;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How the hub checks the FHIR it makes (ketju.fhir.*). */
@ConfigurationProperties("ketju.fhir")
record FhirSettings(OutboundValidation outboundValidation) {

    enum OutboundValidation {
        /** A mapping proven when loaded: each message checked for what can vary (FhirRecipientFormat). */
        PROVEN_MAPPINGS,
        /** HAPI's whole validation for every message (about 30 ms of CPU here for a message of 25 resources). */
        EVERY_MESSAGE
    }
}
