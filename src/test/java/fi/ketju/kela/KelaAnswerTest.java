package fi.ketju.kela;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.ketju.delivery.RecipientUnavailableException;
import fi.ketju.delivery.UndeliverableException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the hub reads Kela's X-Road answers: a fault by its faultcode whatever the HTTP status. */
class KelaAnswerTest {

    private static final String RESPONSE = """
            <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
                               xmlns:kela="https://ketju.fi/xroad/kela/v1">
              <SOAP-ENV:Body><kela:ReferralResponse/></SOAP-ENV:Body>
            </SOAP-ENV:Envelope>
            """;

    @Test
    void anXRoadResponseIsAccepted() {
        assertThatCode(() -> KelaAnswer.check(200, RESPONSE)).doesNotThrowAnyException();
    }

    @Test
    void theFaultsKetjuItselfAnswersAreReadAsTheyMean() {
        assertThatThrownBy(() -> KelaAnswer.check(500, XRoadAnswers.fault(XRoadAnswers.FaultCode.Client, "no such person", List.of())))
                .isInstanceOfSatisfying(UndeliverableException.class, refused -> {
                    // The faultstring is free text, which may quote the message: in the detail only.
                    assertThat(refused).hasMessage("refused, HTTP 500 [SOAP-ENV:Client]");
                    assertThat(refused.detail()).startsWith("HTTP 500").contains("no such person");
                });
        assertThatThrownBy(() -> KelaAnswer.check(200, XRoadAnswers.fault(XRoadAnswers.FaultCode.Server, "try later", List.of())))
                .isInstanceOf(RecipientUnavailableException.class).hasMessage("unavailable, HTTP 200 [SOAP-ENV:Server]");
    }

    @Test
    void aClientFaultCodeBlamesTheRequestInEveryForm() {
        for (String faultCode : new String[] {"Client", "soap:Client", "SOAP-ENV:Client.InvalidRequest", "SOAP-ENV:VersionMismatch"}) {
            assertThatThrownBy(() -> KelaAnswer.check(500, fault(faultCode))).as(faultCode)
                    .isInstanceOf(UndeliverableException.class);
        }
    }

    @Test
    void xRoadsOwnServerFaultsAreRetried() {
        assertThatThrownBy(() -> KelaAnswer.check(500, fault("Server.ServerProxy.ServiceFailed")))
                .isInstanceOf(RecipientUnavailableException.class).hasMessageContaining("Server.ServerProxy.ServiceFailed");
    }

    @Test
    void anHttp200ThatIsNotKelasResponseIsRetried() {
        String otherService = RESPONSE.replace("https://ketju.fi/xroad/kela/v1", "urn:other");
        for (String body : new String[] {"", "<html>Huoltokatko</html>", "not xml", otherService}) {
            assertThatThrownBy(() -> KelaAnswer.check(200, body)).as(body)
                    .isInstanceOf(RecipientUnavailableException.class);
        }
    }

    @Test
    void aDoctypeIsNeverResolved() {
        String hostile = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + RESPONSE.replace("<kela:ReferralResponse/>", "&e;");
        assertThatThrownBy(() -> KelaAnswer.check(200, hostile))
                .isInstanceOfSatisfying(RecipientUnavailableException.class, notRead ->
                        assertThat(notRead.detail()).doesNotContain("root:"));
    }

    @Test
    void withoutAFaultOtherStatusesAreJudgedAsHttp() {
        assertThatThrownBy(() -> KelaAnswer.check(404, "Not Found")).isInstanceOf(UndeliverableException.class);
        assertThatThrownBy(() -> KelaAnswer.check(503, "<html>busy</html>")).isInstanceOf(RecipientUnavailableException.class);
    }

    private static String fault(String faultCode) {
        return """
                <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
                  <s:Body><s:Fault><faultcode>%s</faultcode><faultstring>refused</faultstring></s:Fault></s:Body>
                </s:Envelope>
                """.formatted(faultCode);
    }
}
