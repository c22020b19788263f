package fi.ketju.disclosure;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.mapping.MappingSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Applies mappings/disclosure-policy.yaml: for one recipient family, removes from a canonical message every
 * data category that family may not have, and says what remains and on what legal basis.
 */
@Component
public class DisclosurePolicy {

    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final JsonNode policy;

    DisclosurePolicy(MappingSettings settings) {
        this.policy = settings.readYaml("disclosure-policy.yaml");
        for (PartnerDirectory.Format format : PartnerDirectory.Format.values()) {
            if (policy.path("recipients").path(format.family()).isMissingNode()) {
                throw new IllegalStateException("mappings/disclosure-policy.yaml has no policy for recipient family " + format.family());
            }
        }
    }

    /** What {@code family} may receive of {@code canonical}; the argument is not changed. */
    public Disclosure apply(JsonNode canonical, String family) {
        JsonNode recipient = policy.path("recipients").path(family);
        if (recipient.isMissingNode()) {
            throw new IllegalArgumentException("no disclosure policy for recipient family " + family);
        }
        boolean consent = consentCovers(canonical, family);
        Set<String> allowed = new HashSet<>(texts(recipient.path("allowed")));
        if (consent) {
            allowed.addAll(texts(recipient.path("with-consent")));
        }
        if (canonical.path("subject").path("nonDisclosure").asBoolean(false)) {
            texts(policy.path("non-disclosure").path("never")).forEach(allowed::remove);
        }

        DocumentContext document = JsonPath.using(JSON_PATH).parse(canonical.deepCopy());
        List<String> disclosed = new ArrayList<>();
        List<String> withheld = new ArrayList<>();
        categories(canonical.path("type").asText()).forEach((category, paths) -> {
            boolean present = paths.stream().anyMatch(path -> isPresent(document.read(path)));
            if (!present) {
                return;
            }
            if (allowed.contains(category)) {
                disclosed.add(category);
            } else {
                paths.forEach(document::delete);
                withheld.add(category);
            }
        });
        return new Disclosure(document.json(), disclosed, withheld, legalBasis(canonical, family, consent, recipient));
    }

    /** The categories of one message type, in policy order: those under `any` first. */
    Map<String, List<String>> categories(String messageType) {
        Map<String, List<String>> categories = new LinkedHashMap<>();
        for (String scope : List.of("any", messageType)) {
            policy.path("categories").path(scope).fields()
                    .forEachRemaining(entry -> categories.put(entry.getKey(), texts(entry.getValue())));
        }
        return categories;
    }

    private static boolean consentCovers(JsonNode canonical, String family) {
        JsonNode basis = canonical.path("payload").path("legalBasis");
        return "consent".equals(basis.path("kind").asText()) && texts(basis.path("consentScope")).contains(family);
    }

    private static String legalBasis(JsonNode canonical, String family, boolean consent, JsonNode recipient) {
        JsonNode basis = canonical.path("payload").path("legalBasis");
        if (consent) {
            return "consent given " + basis.path("consentGivenAt").asText() + " covering " + family;
        }
        if ("statutory".equals(basis.path("kind").asText())) {
            return basis.path("statute").asText();
        }
        return recipient.path("statutory-basis").asText();
    }

    private static boolean isPresent(Object value) {
        return value != null && !(value instanceof JsonNode node && (node.isNull() || node.isMissingNode()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
