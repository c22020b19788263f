package fi.ketju.kela;

import static fi.ketju.web.ApiDocuments.answer;
import static fi.ketju.web.ApiDocuments.inFormat;

import fi.ketju.mapping.TranslationTable;
import fi.ketju.web.ApiContribution;
import fi.ketju.web.ApiDocuments;
import io.swagger.v3.oas.models.ExternalDocumentation;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import org.springframework.stereotype.Component;

/**
 * Kela's door in the OpenAPI document: its contract is X-Road's message protocol and the XML Schema under mappings/
 * (translations.yaml inbound.kela.schema), to which the description points; the answers are {@link KelaDoor}'s.
 */
@Component
class KelaDoorDescription implements ApiContribution {

    private static final String PATH = "/xroad/kela";
    private static final String XML = "text/xml";

    private final TranslationTable translations;

    KelaDoorDescription(TranslationTable translations) {
        this.translations = translations;
    }

    @Override
    public void describe(OpenAPI api) {
        String schema = "mappings/" + translations.inboundSchema("kela");
        Operation door = api.getPaths().get(PATH).getPost()
                .operationId("sendKelaMessage")
                .summary("Kela's door: an X-Road request (message protocol v4.0, SOAP 1.1) from Kela's security server")
                .description("The SOAP body's one element is the message type and must meet " + schema + " (which imports "
                        + "mappings/xml/identity.xsd); the X-Road client is the sender. In force at "
                        + "GET /api/v1/admin/mappings/" + translations.inboundSchema("kela") + "/content (admins). A Client "
                        + "or Server fault comes with HTTP 500, as X-Road passes a fault on only with it.")
                .externalDocs(new ExternalDocumentation().description("X-Road message protocol v4.0")
                        .url("https://docs.x-road.global/Protocols/pr-mess_x-road_message_protocol.html"))
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType(XML,
                        new MediaType().schema(ApiDocuments.typed("string").description("A SOAP 1.1 envelope; its body per "
                                + schema)))));
        door.getResponses().clear();
        answer(door, "200", inFormat("Accepted: the X-Road response naming the hub message; Location is its status", XML)
                .addHeaderObject("Location", new io.swagger.v3.oas.models.headers.Header()
                        .schema(ApiDocuments.typed("string").format("uri-reference"))));
        answer(door, "415", inFormat("Content-Type is not text/xml: a SOAP fault, faultcode Client", XML));
        answer(door, "500", inFormat("A SOAP fault: Client when the request is at fault (invalid, conflicting id, too "
                + "large), naming each field and rule; Server when the hub is (with Retry-After when it may be resent)", XML)
                .addHeaderObject("Retry-After", ApiDocuments.retryAfter()));
        ApiDocuments.refusalsInFormat(door, XML);
    }
}
