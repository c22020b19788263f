package fi.ketju.fhir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_40_50;
import org.hl7.fhir.r5.context.SimpleWorkerContext;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.hl7.fhir.r5.model.PackageInformation;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.utilities.ByteProvider;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.ValidatorUtils;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HL7's own FHIR validator (org.hl7.fhir.validation's InstanceValidator, the engine of the HL7 CLI validator and of
 * its ValidationEngine) over a context of its own, independent of the hub's HAPI validation chain: FHIR R4 core as
 * HAPI's hapi-fhir-validation-resources-r4 jar from Maven ships it, and Ketju's conformance resources. Nothing is
 * fetched from the network: no package server, no terminology server (as the CLI's {@code -tx n/a}).
 *
 * <p>Why not the ValidationEngine itself: building one (6.7.9) always loads the package hl7.fhir.xver-extensions from
 * the FHIR package servers, which this machine cannot reach. Building the R4 context takes about 30 s: one per JVM.
 */
final class Hl7Validator {

    /** R4 core as the validator's own loader reads it: the definition bundles of the spec's definitions.xml.zip. */
    private static final List<String> R4_CORE = List.of("profile/profiles-types.xml", "profile/profiles-resources.xml",
            "profile/profiles-others.xml", "extension/extension-definitions.xml", "valueset/valuesets.xml",
            "valueset/v3-codesystems.xml", "valueset/v2-tables.xml");
    /** HL7 Finland's base profiles (hl7.fhir.fi.base): its extensions, as the samples' municipality code, are fi-base's. */
    static final String FI_BASE = "https://hl7.fi/fhir/finnish-base-profiles/";

    private static Hl7Validator instance;

    private final SimpleWorkerContext context;

    private Hl7Validator(SimpleWorkerContext context) {
        this.context = context;
    }

    static synchronized Hl7Validator get() {
        if (instance == null) {
            instance = new Hl7Validator(context(Path.of("mappings/fhir/conformance")));
        }
        return instance;
    }

    /** What the validator found: errors (error, fatal) and warnings, each as "location: message". */
    record Result(List<String> errors, List<String> warnings) {
    }

    /**
     * @param allowedExtensionDomains extensions under these URLs are taken as they are, as the CLI's {@code -extension}
     *                                does: for a package (fi-base) that is neither on Maven nor on npm
     */
    Result validate(String resource, List<String> allowedExtensionDomains) {
        InstanceValidator validator = new InstanceValidator(context, null, null, new ValidatorSession(), new ValidatorSettings());
        validator.getExtensionDomains().addAll(allowedExtensionDomains);
        List<ValidationMessage> messages = new ArrayList<>();
        byte[] bytes = resource.getBytes(StandardCharsets.UTF_8);
        validator.validate(null, messages, new ByteArrayInputStream(bytes), resource.stripLeading().startsWith("<") ? FhirFormat.XML : FhirFormat.JSON);
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (ValidationMessage message : messages) {
            String text = message.getLocation() + ": " + message.getMessage();
            if (message.getLevel().isError()) {
                errors.add(text);
            } else if (message.getLevel() == ValidationMessage.IssueSeverity.WARNING) {
                warnings.add(text);
            }
        }
        return new Result(errors, warnings);
    }

    private static SimpleWorkerContext context(Path conformance) {
        try {
            var loader = ValidatorUtils.loaderForVersion("4.0.1");
            // Only the version: the context's own spdx-license CodeSystem comes with its build, before R4 core's.
            SimpleWorkerContext context = new SimpleWorkerContext.SimpleWorkerContextBuilder().withAllowLoadingDuplicates(true)
                    .fromDefinitions(Map.of("version.info", ByteProvider.forBytes("[FHIR]\nversion=4.0.1\n".getBytes(StandardCharsets.UTF_8))),
                            loader, new PackageInformation("hl7.fhir.r4.core", "4.0.1", "4.0.1", new Date()));
            SimpleWorkerContext.ILoadFilter notYetKnown = new SimpleWorkerContext.ILoadFilter() {
                @Override
                public boolean isOkToLoad(Resource resource) {
                    return !(resource instanceof CanonicalResource canonical && context.fetchResource(Resource.class, canonical.getUrl()) != null);
                }

                @Override
                public boolean isOkToLoad(String resourceType) {
                    return true;
                }
            };
            for (String file : R4_CORE) {
                try (InputStream definitions = Hl7Validator.class.getResourceAsStream("/org/hl7/fhir/r4/model/" + file)) {
                    context.loadFromFile(definitions, file.substring(file.indexOf('/') + 1), loader, notYetKnown);
                }
            }
            try (Stream<Path> files = Files.list(conformance)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                    context.cacheResource(VersionConvertorFactory_40_50.convertResource(
                            new org.hl7.fhir.r4.formats.JsonParser().parse(Files.readAllBytes(file))));
                }
            }
            // As the CLI's -tx n/a: codes of systems not loaded here are not checked, and say so as warnings.
            context.setCanRunWithoutTerminology(true);
            context.setNoTerminologyServer(true);
            context.setCanNoTS(true);
            context.setExpansionParameters(new org.hl7.fhir.r5.model.Parameters());
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
