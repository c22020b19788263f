package fi.ketju.intake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * How every door reads a partner's JSON: the hub's mapper made stricter, with limits against documents built to exhaust
 * the parser (ketju.intake.max-json-*), a key given twice refused (which of the two would count is a question a sender
 * must not leave open), and nothing allowed after the document. Errors are worded for the sender, without the parser's
 * class names.
 */
@Component
public class DoorJson {

    private final ObjectMapper mapper;

    DoorJson(ObjectMapper hub, IntakeSettings settings) {
        mapper = hub.copy();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(settings.maxJsonDepth())
                .maxStringLength(settings.maxJsonStringLength())
                .maxNumberLength(settings.maxJsonNumberLength())
                .build());
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** @throws InvalidMessageException (rule json-syntax or json-limits) if the text is not one acceptable JSON value */
    JsonNode read(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw refusal(e);
        }
    }

    /**
     * Reads through the text without building anything, for a door whose own parser (HAPI's) is lenient about
     * duplicate keys and limits.
     *
     * @throws InvalidMessageException as {@link #read}
     */
    public void check(String text) {
        try (JsonParser parser = mapper.createParser(text)) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
        } catch (JsonProcessingException e) {
            throw refusal(e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
    }

    private InvalidMessageException refusal(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            StreamReadConstraints limits = mapper.getFactory().streamReadConstraints();
            return new InvalidMessageException("/", "json-limits", "the JSON exceeds a limit: nesting at most "
                    + limits.getMaxNestingDepth() + " levels, a string at most " + limits.getMaxStringLength()
                    + " characters, a number at most " + limits.getMaxNumberLength() + " digits");
        }
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String why = e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("Trailing token")
                ? "something follows the JSON value; send exactly one"
                // Jackson names its own classes and features in `backquotes`: not the sender's business.
                : e.getOriginalMessage().replaceAll("\\s*\\([^()]*`[^`]*`[^()]*\\)", "").replaceAll("`[^`]*`", "");
        return new InvalidMessageException("/", "json-syntax", "not valid JSON" + where + ": " + why);
    }
}
