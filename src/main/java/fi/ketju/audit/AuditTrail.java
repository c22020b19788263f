package fi.ketju.audit;

import fi.ketju.mapping.SchemaViolation;
import fi.ketju.security.InputEchoes;
import fi.ketju.security.KetjuPrincipal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The audit events that are not a message's step: what an admin or an auditor did, a door's refusal, the hub's
 * start. Each is written to the outbox in the caller's transaction if it has one, else in its own, before the
 * action's answer leaves the hub.
 */
@Component
public class AuditTrail {

    /** The requesting system of an admin's action through the admin API (the user is the admin). */
    public static final String ADMIN_API = "ketju-admin-api";
    /** The requesting system of an admin's or an auditor's action through the web console. */
    public static final String CONSOLE = "ketju-console";
    public static final String ADMINISTRATION = "administration of the hub";
    static final String AUDIT_API = "ketju-audit-api";
    static final String AUDIT_PURPOSE = "audit: usage and disclosure logs (Client Data Act 703/2023)";
    /** Settings whose value is a secret: left out of the configuration fingerprint. */
    private static final Pattern SECRET = Pattern.compile("(?i).*(key|password|secret|token|credential).*");

    private final MessageLog log;
    private final Subjects subjects;
    private final ConfigurableEnvironment environment;

    AuditTrail(MessageLog log, Subjects subjects, ConfigurableEnvironment environment) {
        this.log = log;
        this.subjects = subjects;
        this.environment = environment;
    }

    /**
     * An admin's action that is not about one message: a route, mapping or configuration change
     * (ROUTE_CHANGED, MAPPING_CHANGED, CONFIGURATION_CHANGED), with what was changed and why.
     */
    public void recordAdminAction(KetjuPrincipal admin, MessageEvent action, String what) {
        log.append(byAdmin(MessageLog.Event.of(null, null, action, what, Instant.now()), admin.name()));
    }

    /**
     * An admin's event, by the system the admin used: the console's actions call the same services as the admin API,
     * so the current request tells which it was.
     */
    public static MessageLog.Event byAdmin(MessageLog.Event event, String admin) {
        return event.by(fromConsole() ? CONSOLE : ADMIN_API, admin).purpose(ADMINISTRATION);
    }

    private static boolean fromConsole() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                && request.getRequest().getServletPath().startsWith("/console/");
    }

    /**
     * A door refused a message: each field and rule it broke (never the values, which may be personal data). The
     * sender is the caller of the current request, if it authenticated.
     */
    public void recordRejected(String door, List<SchemaViolation> violations) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String sender = caller != null && caller.getPrincipal() instanceof KetjuPrincipal principal ? principal.name() : null;
        // Never the detail (the parsers' words quote values); the field too may be named after what the sender sent.
        String why = violations.stream().map(v -> InputEchoes.field(v.field()) + " (" + v.rule() + ")")
                .collect(Collectors.joining(", "));
        log.append(MessageLog.Event.of(null, null, MessageEvent.REJECTED, "at " + door + ": " + why, Instant.now())
                .by(sender, null));
    }

    /** An auditor's search, view, export or verification; {@code person} (an identity code) when it was about one. */
    void recordAuditorAction(KetjuPrincipal auditor, MessageEvent action, String what, String person, UUID messageId) {
        recordAuditorAction(auditor, action, what, person, messageId, Via.API);
    }

    /** The same, asked through {@code via}: the console's reads are the API's events, told apart by where they came. */
    void recordAuditorAction(KetjuPrincipal auditor, MessageEvent action, String what, String person, UUID messageId, Via via) {
        log.append(MessageLog.Event.of(messageId, null, action, what + via.note, Instant.now())
                .by(via.requester, auditor.name()).purpose(AUDIT_PURPOSE)
                .about(person == null ? null : subjects.ofHetu(person)));
    }

    /** An auditor's view of what the hub keeps of a message, opened for the purpose and reason the auditor gave. */
    void recordAuditorView(KetjuPrincipal auditor, String what, UUID messageId, ViewReason why, Via via) {
        log.append(MessageLog.Event.of(messageId, null, MessageEvent.AUDIT_VIEW, what + "; reason: " + why.reason() + via.note,
                        Instant.now())
                .by(via.requester, auditor.name()).purpose("audit: " + why.purpose().label()));
    }

    /** Where an auditor asked: the audit API or the web console. */
    public enum Via {
        API(AUDIT_API, ""), CONSOLE(AuditTrail.CONSOLE, "; via: console");

        private final String requester;
        private final String note;

        Via(String requester, String note) {
            this.requester = requester;
            this.note = note;
        }
    }

    /** The hub itself (the retention job). */
    void recordHubAction(MessageEvent action, String what) {
        log.append(MessageLog.Event.of(null, null, action, what, Instant.now()).by("ketju", null).purpose(ADMINISTRATION));
    }

    /** The hub's start, with a fingerprint of its effective configuration (secrets left out) to tell a change. */
    @EventListener(ApplicationReadyEvent.class)
    void recordStart() {
        TreeMap<String, String> settings = new TreeMap<>();
        environment.getPropertySources().stream()
                .filter(EnumerablePropertySource.class::isInstance)
                .flatMap(source -> Arrays.stream(((EnumerablePropertySource<?>) source).getPropertyNames()))
                .filter(name -> name.startsWith("ketju.") || name.startsWith("spring.datasource.url") || name.startsWith("spring.artemis.mode"))
                .filter(name -> !SECRET.matcher(name).matches())
                .forEach(name -> settings.computeIfAbsent(name, environment::getProperty));
        String form = settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
        recordHubAction(MessageEvent.HUB_STARTED, "configuration sha256:" + TrailEvent.sha256(form) + " (" + settings.size()
                + " settings, secrets left out); profiles " + Arrays.toString(environment.getActiveProfiles()));
    }
}
