package fi.ketju.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** The two FHIR formats the door speaks; an answer is in the format of the request. */
enum FhirFormat {

    JSON(MediaType.valueOf("application/fhir+json")),
    XML(MediaType.valueOf("application/fhir+xml"));

    private final MediaType mediaType;

    FhirFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    /** The format of a request's Content-Type; empty for any other type, or a charset other than UTF-8 (FHIR's only). */
    static Optional<FhirFormat> ofContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return Optional.empty();
        }
        if (type.getCharset() != null && !StandardCharsets.UTF_8.equals(type.getCharset())) {
            return Optional.empty();
        }
        for (FhirFormat format : values()) {
            if (format.mediaType.equalsTypeAndSubtype(type)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The format a client asks for in Accept: XML only when it names fhir+xml or xml and not JSON. */
    static FhirFormat ofAccept(String accept) {
        return accept != null && accept.contains("xml") && !accept.contains("json") ? XML : JSON;
    }

    MediaType contentType() {
        return new MediaType(mediaType, StandardCharsets.UTF_8);
    }

    IParser parser(FhirContext fhirContext) {
        return this == JSON ? fhirContext.newJsonParser() : fhirContext.newXmlParser();
    }
}
