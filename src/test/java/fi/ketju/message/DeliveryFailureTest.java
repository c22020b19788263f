package fi.ketju.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a failure summary may carry of a recipient's answer: codes that look like codes, nothing that could be a person. */
class DeliveryFailureTest {

    @Test
    void keepsTheCodesOfProblemsOutcomesAndFaults() {
        DeliveryFailure failure = DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 422, List.of(
                "https://partner.example/problems/unknown-client", "Unknown client", "invalid",
                "Bundle.entry[2].resource.identifier[0].value", "SOAP-ENV:Client.InvalidRequest"));

        assertThat(failure.codes()).hasSize(5);
        assertThat(failure.describe()).isEqualTo("refused, HTTP 422 [https://partner.example/problems/unknown-client, "
                + "Unknown client, invalid, Bundle.entry[2].resource.identifier[0].value, SOAP-ENV:Client.InvalidRequest]");
    }

    @Test
    void leavesOutWhatCouldQuoteTheMessage() {
        DeliveryFailure failure = DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 400, List.of(
                "unknown patient 010181-900C",
                "Patient.identifier.where(value='010181-900C')",
                "0101819000",
                "asiakas@example.fi",
                "line one\nline two",
                "x".repeat(121),
                "invalid"));

        assertThat(failure.codes()).containsExactly("invalid");
    }

    @Test
    void aFailureOfTheHubsOwnNamesNoStatus() {
        assertThat(DeliveryFailure.of(DeliveryFailure.Kind.CIRCUIT_OPEN).describe()).isEqualTo("circuit open");
        assertThat(DeliveryFailure.of(DeliveryFailure.Kind.TLS, "SSLHandshakeException").describe())
                .isEqualTo("TLS failure [SSLHandshakeException]");
    }
}
