package fi.ketju.fhir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;

/**
 * HAPI's instance validator, with the core {@code InstanceValidator} reused instead of built anew for every resource.
 *
 * <p>Why: HAPI FHIR 8.8.1's {@code ValidatorWrapper.validate} constructs a new
 * {@code org.hl7.fhir.validation.instance.InstanceValidator} (org.hl7.fhir.validation 6.7.9) per call, and that
 * constructor runs {@code new OIDUtilities()}, which reads the 21,000-line {@code oidregistry.csv} into a map: a
 * quarter of a validation's CPU and about 10 MB of garbage each time. {@code InstanceValidator.validate} clears its
 * per-resource state itself ("the main entry point ... the first thing to do is to clear the internal state"), so one
 * instance can validate resource after resource, one at a time (it is not thread-safe: an instance is taken from the
 * pool by one caller and put back after). Two of its lists are never cleared ({@code CodingsObserver}'s codes seen,
 * each holding its place in the validated tree, and the code/text pairs kept for an AI check Ketju does not use), so
 * an instance is retired after {@link #USES} validations to bound what it holds.
 *
 * <p>Everything else is HAPI's: the same worker context over the hub's one validation support chain
 * ({@link #provideWorkerContext()}), the same settings as {@code ValidatorWrapper} gives the core validator, the same
 * profiles (asked for, and in {@code meta.profile}), and the same filtering of its messages; so the findings are the
 * same. The resource is read from the JSON HAPI encodes for the validation context, as HAPI does.
 */
final class ReusingInstanceValidator extends FhirInstanceValidator {

    /** Validations per core validator: its leftover lists hold the parts of at most this many resources. */
    static final int USES = 20;

    private final Queue<Pooled> idle = new ConcurrentLinkedQueue<>();

    ReusingInstanceValidator(ValidationSupportChain validationSupport) {
        super(validationSupport);
    }

    /** A core validator and how many resources it has validated. */
    private static final class Pooled {
        final InstanceValidator validator;
        int uses;

        Pooled(InstanceValidator validator) {
            this.validator = validator;
        }
    }

    @Override
    protected List<ValidationMessage> validate(IValidationContext<?> context) {
        if (context.getResourceAsStringEncoding() != EncodingEnum.JSON) {
            return super.validate(context); // Ketju validates resources, which HAPI encodes as JSON; text stays HAPI's
        }
        IWorkerContext workerContext = provideWorkerContext();
        List<ValidationMessage> messages = new ArrayList<>();
        List<StructureDefinition> profiles = new ArrayList<>();
        List<ValidationMessage> unknownProfiles = new ArrayList<>();
        context.getOptions().getProfiles().forEach(url -> addProfile(workerContext, url, profiles, unknownProfiles));
        if (context.getResource() instanceof IBaseResource resource && resource.getMeta() != null) {
            for (IPrimitiveType<String> url : resource.getMeta().getProfile()) {
                addProfile(workerContext, url.getValue(), profiles, unknownProfiles);
            }
        }
        Pooled pooled = take(workerContext);
        pooled.validator.validate(context.getOptions().getAppContext(), messages,
                new ByteArrayInputStream(context.getResourceAsString().getBytes(StandardCharsets.UTF_8)),
                Manager.FhirFormat.JSON, profiles);
        // Back to the pool only after a validation that ended normally: one that threw is not trusted again.
        if (++pooled.uses < USES) {
            idle.add(pooled);
        }
        if (profiles.isEmpty()) {
            messages.addAll(unknownProfiles);
        }
        return filtered(messages);
    }

    private Pooled take(IWorkerContext workerContext) {
        Pooled pooled = idle.poll();
        return pooled != null ? pooled : new Pooled(newInstanceValidator(workerContext));
    }

    /** As HAPI 8.8.1's ValidatorWrapper builds and configures it, from this module's settings. */
    private InstanceValidator newInstanceValidator(IWorkerContext workerContext) {
        InstanceValidator validator = new InstanceValidator(workerContext,
                getHostApplicationServices() != null ? getHostApplicationServices() : new NullEvaluationContext(),
                new XVerExtensionManagerOld(workerContext), new ValidatorSession(), new ValidatorSettings());
        validator.setAssumeValidRestReferences(isAssumeValidRestReferences());
        validator.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
        validator.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
        validator.setResourceIdRule(IdStatus.OPTIONAL);
        validator.setNoTerminologyChecks(isNoTerminologyChecks());
        validator.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
        validator.setUnknownCodeSystemsCauseErrors(true);
        validator.getExtensionDomains().addAll(getExtensionDomains());
        validator.setFetcher(getValidatorResourceFetcher());
        validator.setPolicyAdvisor(getValidatorPolicyAdvisor());
        validator.setNoExtensibleWarnings(isNoExtensibleWarnings());
        validator.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
        validator.setAllowExamples(isAllowExamples());
        validator.setAllowXsiLocation(true);
        return validator;
    }

    private static void addProfile(IWorkerContext workerContext, String url, List<StructureDefinition> profiles,
            List<ValidationMessage> unknownProfiles) {
        StructureDefinition profile;
        try {
            profile = workerContext.fetchResource(StructureDefinition.class, url);
        } catch (FHIRException unreadable) {
            return; // as HAPI: a profile that cannot be loaded is left to the core validator's own check of meta.profile
        }
        if (profile != null) {
            profiles.add(profile);
        } else {
            ValidationMessage unknown = new ValidationMessage();
            unknown.setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN);
            unknown.setLevel(ValidationMessage.IssueSeverity.ERROR);
            unknown.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
            unknownProfiles.add(unknown);
        }
    }

    /** The messages HAPI's ValidatorWrapper drops, and unknown profiles as errors if so configured, as it does. */
    private List<ValidationMessage> filtered(List<ValidationMessage> messages) {
        List<ValidationMessage> kept = messages.stream().filter(message -> message.getMessageId() == null
                || !(message.getMessageId().equals(I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE)
                        || message.getMessageId().equals(I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND)
                                && message.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes")))
                .toList();
        if (isErrorForUnknownProfiles()) {
            kept.stream()
                    .filter(message -> I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(message.getMessageId())
                            || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(message.getMessageId()))
                    .filter(message -> message.getLevel() == ValidationMessage.IssueSeverity.WARNING)
                    .forEach(message -> message.setLevel(ValidationMessage.IssueSeverity.ERROR));
        }
        return kept;
    }
}
