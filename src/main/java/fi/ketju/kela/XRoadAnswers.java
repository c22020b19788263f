package fi.ketju.kela;

import fi.ketju.intake.AcceptedMessage;
import fi.ketju.mapping.SchemaViolation;
import java.util.List;
import javax.xml.XMLConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** What the Kela door answers, in the forms X-Road expects (PR-MESS 2.2, 2.3, 2.5) and SOAP 1.1 defines (4.4). */
final class XRoadAnswers {

    /** Ketju's Kela service (mappings/kela/messages.xsd); fault detail entries are its {@code violation}s. */
    static final String KELA_NAMESPACE = "https://ketju.fi/xroad/kela/v1";
    private static final String SOAP_PREFIX = "SOAP-ENV";

    enum FaultCode { Client, Server }

    private XRoadAnswers() {
    }

    /**
     * The request's SOAP header repeated as it came (X-Road requires every field in the same order with the same
     * values), and a body named after the request's body plus "Response" with the hub message id and status.
     */
    static String accepted(XRoadRequest request, AcceptedMessage accepted) {
        Document answer = HardenedXml.newDocument();
        Element envelope = appendSoap(answer, answer, "Envelope");
        copyNamespaceDeclarations(request.document().getDocumentElement(), envelope);
        envelope.appendChild(answer.importNode(request.header(), true));
        Element requestBody = request.body();
        String namespace = requestBody.getNamespaceURI();
        String prefix = requestBody.getPrefix() == null ? "" : requestBody.getPrefix() + ":";
        Element response = append(answer, appendSoap(answer, envelope, "Body"), namespace,
                prefix + requestBody.getLocalName() + "Response", null);
        append(answer, response, namespace, prefix + "messageId", accepted.messageId().toString());
        append(answer, response, namespace, prefix + "status", accepted.status().toString());
        append(answer, response, namespace, prefix + "duplicate", String.valueOf(accepted.duplicate()));
        return HardenedXml.serialize(answer);
    }

    /** A SOAP 1.1 Fault; the detail holds each violation (none for a Server fault: its cause is ours to know). */
    static String fault(FaultCode code, String faultString, List<SchemaViolation> violations) {
        Document answer = HardenedXml.newDocument();
        Element envelope = appendSoap(answer, answer, "Envelope");
        Element fault = appendSoap(answer, appendSoap(answer, envelope, "Body"), "Fault");
        // faultcode, faultstring and detail are unqualified in SOAP 1.1; detail entries are qualified.
        append(answer, fault, null, "faultcode", SOAP_PREFIX + ":" + code.name());
        append(answer, fault, null, "faultstring", faultString);
        if (!violations.isEmpty()) {
            Element detail = append(answer, fault, null, "detail", null);
            for (SchemaViolation violation : violations) {
                Element entry = append(answer, detail, KELA_NAMESPACE, "kela:violation", null);
                append(answer, entry, KELA_NAMESPACE, "kela:field", violation.field());
                append(answer, entry, KELA_NAMESPACE, "kela:rule", violation.rule());
                append(answer, entry, KELA_NAMESPACE, "kela:detail", violation.detail());
            }
        }
        return HardenedXml.serialize(answer);
    }

    /**
     * Declared once on the envelope, as the request had them, rather than again on every header field; except
     * the answer's own SOAP prefix, which the request may have bound to something else.
     */
    private static void copyNamespaceDeclarations(Element from, Element to) {
        NamedNodeMap attributes = from.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())
                    && !SOAP_PREFIX.equals(attribute.getLocalName())) {
                to.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, attribute.getNodeName(), attribute.getNodeValue());
            }
        }
    }

    private static Element appendSoap(Document document, Node parent, String localName) {
        return append(document, parent, XRoadRequest.SOAP_ENVELOPE, SOAP_PREFIX + ":" + localName, null);
    }

    private static Element append(Document document, Node parent, String namespace, String qualifiedName,
            String text) {
        Element element = document.createElementNS(namespace, qualifiedName);
        if (text != null) {
            element.setTextContent(text);
        }
        parent.appendChild(element);
        return element;
    }
}
