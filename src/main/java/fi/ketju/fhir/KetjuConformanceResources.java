package fi.ketju.fhir;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;

/** Loads Ketju's own CodeSystems, ValueSets and StructureDefinitions (one JSON file each) for the validator. */
final class KetjuConformanceResources {

    private static final Logger log = LoggerFactory.getLogger(KetjuConformanceResources.class);

    private KetjuConformanceResources() {
    }

    /**
     * @throws IllegalStateException if the directory is missing or a file is not a FHIR resource: the validator
     *                               would otherwise reject or wave through Ketju's codes without saying why
     */
    static PrePopulatedValidationSupport load(FhirContext fhirContext, Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("FHIR conformance directory " + directory.toAbsolutePath()
                    + " not found; set ketju.mappings-dir to the folder that holds fhir/conformance/");
        }
        PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(fhirContext);
        List<Path> files = jsonFilesIn(directory);
        for (Path file : files) {
            support.addResource(parse(fhirContext, file));
        }
        log.info("Loaded {} FHIR conformance resources from {}", files.size(), directory.toAbsolutePath());
        return support;
    }

    private static List<Path> jsonFilesIn(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(path -> path.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }

    private static IBaseResource parse(FhirContext fhirContext, Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return fhirContext.newJsonParser().parseResource(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (DataFormatException e) {
            throw new IllegalStateException("Not a valid FHIR resource: " + file + ": " + e.getMessage(), e);
        }
    }
}
