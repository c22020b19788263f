package fi.ketju.kela;

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
                .isInstanceOf(UndeliverableException.class).hasMessageContaining("SOAP-ENV:Client: no such person");
        assertThatThrownBy(() -> KelaAnswer.check(200, XRoadAnswers.fault(XRoadAnswers.FaultCode.Server, "try later", List.of())))
                .isInstanceOf(RecipientUnavailableException.class).hasMessageContaining("HTTP 200, SOAP Fault SOAP-ENV:Server: try later");
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
                .isInstanceOf(RecipientUnavailableException.class).hasMessageNotContaining("root:");
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
