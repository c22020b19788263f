package fi.ketju.intake;

import com.fasterxml.jackson.databind.JsonNode;
import fi.ketju.mapping.MappingSet;
import java.util.Set;

/**
 * How a door makes a partner's message canonical, with every check the door applies but without storing
 * anything: what a door does before {@link CanonicalIntake}, offered for an admin's preview of a changed mapping
 * over the family's sample messages (mappings/{family}/samples/).
 */
public interface InboundTranslation {

    /** The families whose messages this translates, as mappings/translations.yaml names them under inbound. */
    Set<String> families();

    /**
     * @param mappings the mapping set to translate with
     * @param fileName the sample's file name, whose extension tells its syntax where the family has several
     * @throws InvalidMessageException naming each field and rule the message or its translation broke
     */
    JsonNode toCanonical(MappingSet mappings, String family, String fileName, byte[] message);
}
