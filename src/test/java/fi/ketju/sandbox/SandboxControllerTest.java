package fi.ketju.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.xpath;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The MVC receivers alone (no security, no hub): standalone MockMvc. */
class SandboxControllerTest {

    private static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final Map<String, String> NAMESPACES = Map.of(
            "soap", SOAP_NS,
            "xrd", "http://x-road.eu/xsd/xroad.xsd",
            "kela", "https://kela.example/benefits");
    private static final String XROAD_REQUEST = """
            <?xml version="1.0" encoding="UTF-8"?>
            <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
                               xmlns:xrd="http://x-road.eu/xsd/xroad.xsd"
                               xmlns:id="http://x-road.eu/xsd/identifiers"
                               xmlns:kela="https://kela.example/benefits">
              <SOAP-ENV:Header>
                <xrd:client id:objectType="SUBSYSTEM">
                  <id:xRoadInstance>FI</id:xRoadInstance><id:memberClass>GOV</id:memberClass>
                  <id:memberCode>0204819-8</id:memberCode><id:subsystemCode>ketju</id:subsystemCode>
                </xrd:client>
                <xrd:id>msg-1</xrd:id>
                <xrd:protocolVersion>4.0</xrd:protocolVersion>
              </SOAP-ENV:Header>
              <SOAP-ENV:Body>
                <kela:benefitStatus><kela:hetu>010181-900C</kela:hetu></kela:benefitStatus>
              </SOAP-ENV:Body>
            </SOAP-ENV:Envelope>
            """;

    private final SandboxInbox inbox = new SandboxInbox();
    private final MockMvc mvc = MockMvcBuilders
            .standaloneSetup(new SandboxController(inbox, Jackson2ObjectMapperBuilder.json().build()))
            .build();

    @Test
    void jsonMessageIsAcknowledgedAndListed() throws Exception {
        mvc.perform(post("/sandbox/social-care/messages").contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "k-1").content("{\"referral\": 1}"))
                .andExpect(status().isAccepted());

        mvc.perform(get("/sandbox/social-care/received"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].contentType").value("application/json"))
                .andExpect(jsonPath("$[0].idempotencyKey").value("k-1"))
                .andExpect(jsonPath("$[0].body").value("{\"referral\": 1}"))
                .andExpect(jsonPath("$[0].receivedAt").value(containsString("T")));
        assertThat(inbox.count(SandboxPartner.EMPLOYMENT)).isZero();
    }

    @Test
    void redeliveryWithSameIdempotencyKeyIsAcknowledgedButNotStored() throws Exception {
        for (int delivery = 0; delivery < 2; delivery++) {
            mvc.perform(post("/sandbox/employment/messages").contentType(MediaType.APPLICATION_JSON)
                            .header("Idempotency-Key", "k-2").content("{}"))
                    .andExpect(status().isAccepted());
        }

        assertThat(inbox.count(SandboxPartner.EMPLOYMENT)).isEqualTo(1);
    }

    @Test
    void bodyThatIsNotJsonIsRefused() throws Exception {
        mvc.perform(post("/sandbox/employment/messages").contentType(MediaType.APPLICATION_JSON).content("{} tail"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));

        assertThat(inbox.count(SandboxPartner.EMPLOYMENT)).isZero();
    }

    @Test
    void unknownPartnerIsProblem404() throws Exception {
        mvc.perform(get("/sandbox/tax-office/received"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").value(containsString("tax-office")));
    }

    @Test
    void fhirAndXRoadPartnersTakeNoGenericJsonMessages() throws Exception {
        mvc.perform(post("/sandbox/health-care/messages").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void xRoadRequestIsAnsweredWithItsHeaderAndAResponseElement() throws Exception {
        mvc.perform(post("/sandbox/kela/xroad").contentType(MediaType.TEXT_XML).header("Idempotency-Key", "k-3")
                        .content(XROAD_REQUEST))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_XML))
                .andExpect(xpath("/soap:Envelope/soap:Header/xrd:id", NAMESPACES).string("msg-1"))
                .andExpect(xpath("/soap:Envelope/soap:Header/xrd:protocolVersion", NAMESPACES).string("4.0"))
                .andExpect(xpath("/soap:Envelope/soap:Body/kela:benefitStatusResponse", NAMESPACES).exists());

        assertThat(inbox.received(SandboxPartner.KELA)).singleElement().satisfies(received -> {
            assertThat(received.body()).isEqualTo(XROAD_REQUEST);
            assertThat(received.idempotencyKey()).isEqualTo("k-3");
        });
    }

    @Test
    void xRoadRequestThatIsNotSoapGetsClientFault() throws Exception {
        mvc.perform(post("/sandbox/kela/xroad").contentType(MediaType.TEXT_XML).content("<notSoap/>"))
                .andExpect(status().isInternalServerError())
                .andExpect(xpath("/soap:Envelope/soap:Body/soap:Fault/faultcode", NAMESPACES).string("SOAP-ENV:Client"));

        assertThat(inbox.count(SandboxPartner.KELA)).isZero();
    }

    @Test
    void xRoadRequestWithDoctypeIsRefused() throws Exception {
        String withEntity = """
                <?xml version="1.0"?>
                <!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
                  <SOAP-ENV:Body>&x;</SOAP-ENV:Body>
                </SOAP-ENV:Envelope>
                """;

        mvc.perform(post("/sandbox/kela/xroad").contentType(MediaType.TEXT_XML).content(withEntity))
                .andExpect(status().isInternalServerError())
                .andExpect(content().string(not(containsString("root:"))));
    }

    @Test
    void deleteClearsThePartnersInbox() throws Exception {
        inbox.receive(SandboxPartner.KELA, "text/xml", "k-4", "<x/>");

        mvc.perform(delete("/sandbox/kela/received")).andExpect(status().isNoContent());

        assertThat(inbox.count(SandboxPartner.KELA)).isZero();
        assertThat(inbox.receive(SandboxPartner.KELA, "text/xml", "k-4", "<x/>")).isTrue();
    }
}
