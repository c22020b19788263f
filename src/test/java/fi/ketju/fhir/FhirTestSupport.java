package fi.ketju.fhir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The hub's real FHIR context and validator, built from {@link FhirConfiguration} without Spring, for tests in any
 * package. The validator warms up while it is built, which takes seconds: build it once per test class.
 */
public final class FhirTestSupport {

    private FhirTestSupport() {
    }

    /** Strict, as in the hub: an unknown element or an invalid value fails the parse. */
    public static FhirContext fhirContext() {
        return FhirConfiguration.newFhirContext();
    }

    /** Knows Ketju's conformance resources under {@code mappingsDir}/fhir/conformance. */
    public static FhirResourceValidator validator(FhirContext fhirContext, Path mappingsDir) {
        return new FhirResourceValidator(fhirValidator(fhirContext, mappingsDir), fhirContext);
    }

    /** HAPI's validator as the hub builds it (not warmed up: its first use takes seconds). */
    static FhirValidator fhirValidator(FhirContext fhirContext, Path mappingsDir) {
        return FhirConfiguration.newFhirValidator(fhirContext, FhirConfiguration.newValidationSupportChain(fhirContext, mappingsDir));
    }

    /** A FHIR message file (.json or .xml) read as the health-care door reads it: strictly, DOCTYPE refused. */
    public static Bundle readMessage(FhirContext fhirContext, Path file) {
        return new FhirMessageParser(fhirContext, new ObjectMapper()).parse(formatOf(file), bytes(file));
    }

    /** A FHIR message file as the door gives it to an inbound mapping: the parsed Bundle encoded as JSON. */
    public static JsonNode messageAsMappingInput(FhirContext fhirContext, Path file) {
        FhirMessageParser parser = new FhirMessageParser(fhirContext, new ObjectMapper());
        return parser.tree(parser.encode(FhirFormat.JSON, readMessage(fhirContext, file)));
    }

    private static FhirFormat formatOf(Path file) {
        return file.toString().endsWith(".xml") ? FhirFormat.XML : FhirFormat.JSON;
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
