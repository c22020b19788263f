package fi.ketju.kela;

import fi.ketju.delivery.RecipientFormat;
import fi.ketju.delivery.RecipientUnavailableException;
import fi.ketju.delivery.UndeliverableException;
import fi.ketju.message.DeliveryFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * What Kela's X-Road service answered a delivery (SOAP 1.1, X-Road message protocol v4.0). A SOAP Fault is judged
 * by its faultcode whatever the HTTP status, as X-Road passes faults on with 500 and, in some cases, with 200.
 */
final class KelaAnswer {

    /**
     * SOAP 1.1 (4.4.1) fault code classes that blame the request, so sending it again cannot help: Client (also
     * dotted, e.g. Client.InvalidRequest), and the envelope's own VersionMismatch and MustUnderstand. Server, which
     * X-Road's own errors use too (Server.ServerProxy.*, Server.ClientProxy.*), says the provider failed.
     */
    private static final Set<String> REQUEST_AT_FAULT = Set.of("Client", "VersionMismatch", "MustUnderstand");

    /** The code of an answer that is neither a response of Kela's service nor a SOAP Fault. */
    static final String NOT_AN_XROAD_RESPONSE = "not-an-x-road-response";

    private KelaAnswer() {
    }

    /**
     * Returns if Kela took the message: HTTP 2xx with a SOAP envelope whose body is a response of Ketju's Kela
     * service.
     *
     * @throws UndeliverableException on a fault that blames the request
     * @throws RecipientUnavailableException on any other fault, or an answer that is not Kela's
     */
    static void check(int httpStatus, String body) {
        Element soapBody = soapBody(body);
        Element fault = soapBody == null ? null : XRoadRequest.child(soapBody, XRoadRequest.SOAP_ENVELOPE, "Fault");
        if (fault != null) {
            throw judge(httpStatus, fault, body);
        }
        if (httpStatus < 200 || httpStatus >= 300) {
            // No fault to read (a proxy's 503, a wrong URL's 404): throws
            RecipientFormat.checkStatus(httpStatus, body, List.of());
        }
        if (!isServiceResponse(soapBody)) {
            // Not X-Road's answer (X-Road answers every request with a SOAP response or Fault) but something's in
            // between: a proxy's page, a wrong URL. Nothing says the message is wrong, so it is tried again, bounded
            // by ketju.delivery.max-attempts; the Idempotency-Key and X-Road id let Kela drop a repeat it did take.
            throw new RecipientUnavailableException(DeliveryFailure.of(DeliveryFailure.Kind.UNAVAILABLE, httpStatus,
                    List.of(NOT_AN_XROAD_RESPONSE)), RecipientFormat.answer(httpStatus, body));
        }
    }

    /** Shown by its faultcode only: the faultstring is free text, which may quote the message. */
    private static RuntimeException judge(int httpStatus, Element fault, String body) {
        String faultCode = faultField(fault, "faultcode");
        String answer = RecipientFormat.answer(httpStatus, body);
        if (REQUEST_AT_FAULT.contains(faultCodeClass(faultCode))) {
            return new UndeliverableException(DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, httpStatus, List.of(faultCode)), answer);
        }
        return new RecipientUnavailableException(DeliveryFailure.of(DeliveryFailure.Kind.UNAVAILABLE, httpStatus, List.of(faultCode)),
                answer);
    }

    /** "SOAP-ENV:Client.Authentication" is of class Client: the prefix and the dotted refinements dropped. */
    private static String faultCodeClass(String faultCode) {
        String localPart = faultCode.substring(faultCode.indexOf(':') + 1);
        int refinement = localPart.indexOf('.');
        return refinement < 0 ? localPart : localPart.substring(0, refinement);
    }

    /** faultcode and faultstring are unqualified in SOAP 1.1; read by local name, as some services qualify them. */
    private static String faultField(Element fault, String localName) {
        return XRoadRequest.children(fault).stream()
                .filter(field -> localName.equals(field.getLocalName()))
                .map(field -> field.getTextContent().strip())
                .findFirst()
                .orElse("(no " + localName + ")");
    }

    private static boolean isServiceResponse(Element soapBody) {
        List<Element> answers = soapBody == null ? List.of() : XRoadRequest.children(soapBody);
        return answers.size() == 1
                && XRoadAnswers.KELA_NAMESPACE.equals(answers.get(0).getNamespaceURI())
                && answers.get(0).getLocalName().endsWith("Response");
    }

    /** The SOAP Body of the answer; null if it is not a SOAP 1.1 envelope, or not XML as the hub reads it. */
    private static Element soapBody(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            Element envelope = HardenedXml.parse(body.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
            return XRoadRequest.isSoap(envelope, "Envelope")
                    ? XRoadRequest.child(envelope, XRoadRequest.SOAP_ENVELOPE, "Body")
                    : null;
        } catch (SAXException e) {
            return null; // e.g. an HTML error page; a DOCTYPE is refused, never resolved
        }
    }
}
