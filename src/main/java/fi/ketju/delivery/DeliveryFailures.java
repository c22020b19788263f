package fi.ketju.delivery;

import fi.ketju.mapping.MappingException;
import fi.ketju.message.DeliveryFailure;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import javax.net.ssl.SSLException;

/**
 * Tells a delivery's failure, whatever was thrown, as the summary anyone running the hub may see and the detail that
 * only auditors read. A failure that the hub judged itself ({@link DeliveryFailedException}) says both; a failure
 * of the call (a timeout, a TLS handshake, a refused connection) is summarised by its kind and exception class, its
 * text (which names hosts and certificates, and could name anything) goes to the detail.
 */
final class DeliveryFailures {

    private DeliveryFailures() {
    }

    /** A failure told twice: {@code detail} is null when the hub got nothing worth keeping (an open circuit). */
    record Told(DeliveryFailure summary, String detail) {
    }

    static Told of(Throwable cause) {
        if (cause instanceof DeliveryFailedException failed) {
            return new Told(failed.failure(), failed.detail());
        }
        if (cause instanceof CallNotPermittedException) {
            return new Told(DeliveryFailure.of(DeliveryFailure.Kind.CIRCUIT_OPEN), null);
        }
        if (cause == null) {
            return new Told(DeliveryFailure.of(DeliveryFailure.Kind.HUB_ERROR), null);
        }
        return new Told(summary(cause), chain(cause));
    }

    private static DeliveryFailure summary(Throwable cause) {
        for (Throwable each = cause; each != null; each = each.getCause()) {
            String name = each.getClass().getSimpleName();
            if (each instanceof SSLException) {
                return DeliveryFailure.of(DeliveryFailure.Kind.TLS, name);
            }
            // SocketTimeoutException, HttpClient's ConnectTimeoutException
            if (each instanceof InterruptedIOException) {
                return DeliveryFailure.of(DeliveryFailure.Kind.TIMEOUT, name);
            }
            if (each instanceof IOException) {
                return DeliveryFailure.of(DeliveryFailure.Kind.UNAVAILABLE, name);
            }
            if (each instanceof MappingException) {
                return DeliveryFailure.of(DeliveryFailure.Kind.MAPPING);
            }
        }
        return DeliveryFailure.of(DeliveryFailure.Kind.HUB_ERROR, cause.getClass().getSimpleName());
    }

    /** Each exception of the chain, class and message. */
    private static String chain(Throwable cause) {
        StringBuilder detail = new StringBuilder();
        for (Throwable each = cause; each != null; each = each.getCause()) {
            detail.append(detail.isEmpty() ? "" : "\ncaused by ").append(each);
        }
        return detail.toString();
    }
}
