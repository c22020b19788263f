package fi.ketju.delivery;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The partners, from configuration (ketju.partners.{partner}.*): where each is reached, which format
 * it speaks, and which organisations (business IDs) may send through it. No partner is code.
 */
@ConfigurationProperties("ketju")
public record PartnerDirectory(Map<String, Partner> partners) {

    public PartnerDirectory {
        partners = partners == null ? Map.of() : Map.copyOf(partners);
    }

    public Optional<Partner> find(String partner) {
        return Optional.ofNullable(partners.get(partner));
    }

    public Partner get(String partner) {
        return find(partner).orElseThrow(() -> new IllegalArgumentException("no partner " + partner + " in ketju.partners"));
    }

    public record Partner(URI url, Format format, FhirMode fhirMode, List<String> organisations) {

        public Partner {
            fhirMode = fhirMode == null ? FhirMode.MESSAGE : fhirMode;
            organisations = organisations == null ? List.of() : List.copyOf(organisations);
        }
    }

    /**
     * The format a partner speaks; {@link #key()} names it in mappings/translations.yaml, {@link #family()}
     * names the partner family whose disclosure policy applies (mappings/disclosure-policy.yaml).
     */
    public enum Format {
        FHIR("health-care"), SOCIAL_CARE("social-care"), EMPLOYMENT("employment"), KELA("kela");

        private final String family;

        Format(String family) {
            this.family = family;
        }

        public String key() {
            return name().toLowerCase().replace('_', '-');
        }

        public String family() {
            return family;
        }
    }

    /** A FHIR partner takes messages ({base}/$process-message) or, as a plain FHIR server, transactions ({base}). */
    public enum FhirMode { MESSAGE, TRANSACTION }
}
