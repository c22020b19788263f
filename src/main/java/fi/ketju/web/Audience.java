package fi.ketju.web;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.util.AntPathMatcher;

/**
 * Who each part of the API is for: one tag of the OpenAPI document per audience, given to every operation under its
 * paths. A new audience is one more constant (the first whose paths match wins); an operation no audience claims fails OpenApiDocumentTest.
 */
enum Audience {

    // Before partners: the measures' FHIR read (/fhir/Measure) lies under the FHIR door's base.
    ANALYSTS("analysts", false, """
            Analysts (the analyst role; admins and auditors may read them too): the service-chain measures, each a \
            FHIR Measure, and a month's report as a FHIR MeasureReport or CSV, small cells suppressed. No person is \
            in any answer.""",
            "/api/v1/measures/**", "/fhir/Measure/**"),
    PARTNERS("partners", true, """
            Partner systems: the doors each partner family sends its messages to, the status of a message sent, and \
            in the sandbox profile the simulated partners' inboxes.""",
            "/api/v1/social-care/**", "/api/v1/employment/**", "/fhir/**", "/xroad/**", "/api/v1/messages/**", "/sandbox/**"),
    AUDITORS("auditors", false, """
            Auditors (the auditor role): the audit trail, its exports and verification, disclosure reports, and the \
            bodies and failures kept of a message. Every call is itself an audit event.""",
            "/api/v1/audit/**"),
    ADMINS("admins", false, """
            Admins (the admin role): routes and mappings in force, validate, deploy, roll back, suspend and resume; \
            history and export; dead letters. Every action is an audit event.""",
            "/api/v1/admin/**");

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final String tag;
    /** Partners are held to a request rate (429 with Retry-After beyond it); people are not. */
    private final boolean rateLimited;
    private final String description;
    private final List<String> paths;

    Audience(String tag, boolean rateLimited, String description, String... paths) {
        this.tag = tag;
        this.rateLimited = rateLimited;
        this.description = description;
        this.paths = List.of(paths);
    }

    String tag() {
        return tag;
    }

    boolean rateLimited() {
        return rateLimited;
    }

    String description() {
        return description;
    }

    static Optional<Audience> of(String path) {
        return Arrays.stream(values()).filter(audience -> audience.paths.stream().anyMatch(p -> PATHS.match(p, path))).findFirst();
    }
}
