package fi.ketju.message;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What admins, the sender and the status API see of a failed delivery: its kind, the recipient's HTTP status and the
 * recipient's machine-readable codes (a problem's {@code type} and {@code title}, an OperationOutcome's {@code
 * issue.code} and {@code expression}, a SOAP {@code faultcode}), or the hub's own (the mapping, the rule and field an
 * output broke). Never free text from an answer or an exception: a recipient's refusal may quote the client's
 * identity code ("unknown patient 010181-900C"). That text is kept encrypted for auditors (audit.FailureDetails).
 *
 * <p>Each code must look like one: at most {@value #MAX_CODE_LENGTH} letters, digits, spaces and the punctuation of
 * URIs and FHIRPath, without quotes and without six digits in a row (every identity code has six, as have phone
 * numbers); any other is left out. So no instance, whatever a recipient answered, can carry an identity code.
 */
public record DeliveryFailure(Kind kind, Integer httpStatus, List<String> codes) {

    private static final int MAX_CODE_LENGTH = 120;
    private static final int MAX_CODES = 10;
    private static final Pattern CODE = Pattern.compile("[\\p{L}\\p{N} ._:/#\\[\\]()+-]{1," + MAX_CODE_LENGTH + "}");
    private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");

    public enum Kind {
        /** The recipient refused the message: retrying cannot help. */
        REFUSED("refused"),
        /** The recipient did not take it this time: down, busy, failed itself, or something in between answered. */
        UNAVAILABLE("unavailable"),
        /** No answer in time. */
        TIMEOUT("timeout"),
        /** The TLS handshake or session failed (certificate, protocol). */
        TLS("TLS failure"),
        /** The recipient's circuit was open: the hub did not call it. */
        CIRCUIT_OPEN("circuit open"),
        /** The outbound mapping could not make the recipient's message. */
        MAPPING("mapping failure"),
        /** What the mapping made broke the recipient format's schema or rules. */
        VALIDATION("validation failure"),
        /** Anything else, on the hub's side (e.g. its database was away). */
        HUB_ERROR("hub error");

        private final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    public DeliveryFailure {
        Objects.requireNonNull(kind, "kind");
        codes = codes.stream().filter(Objects::nonNull).map(String::strip).filter(DeliveryFailure::isCode).distinct()
                .limit(MAX_CODES).toList();
    }

    public static DeliveryFailure of(Kind kind, Integer httpStatus, List<String> codes) {
        return new DeliveryFailure(kind, httpStatus, codes);
    }

    public static DeliveryFailure of(Kind kind, String... codes) {
        return new DeliveryFailure(kind, null, List.of(codes));
    }

    /** The failure in words for a log line or an event: "refused, HTTP 422 [processing, Patient.identifier[0]]". */
    public String describe() {
        return kind.words
                + (httpStatus == null ? "" : ", HTTP " + httpStatus)
                + (codes.isEmpty() ? "" : " [" + String.join(", ", codes) + "]");
    }

    static boolean isCode(String value) {
        return CODE.matcher(value).matches() && !SIX_DIGITS.matcher(value).find();
    }
}
