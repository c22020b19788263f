package fi.ketju.sandbox;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Minimal answers of a simulated X-Road (Message Protocol v4.0, SOAP 1.1) service provider.
 *
 * <p>Uses the JDK's own XML parser and transformer ({@code newDefaultInstance}) rather than whatever the class
 * path registers (Saxon is there for mappings), with DOCTYPEs refused so no external entity is ever resolved.
 */
final class XRoadSoapAnswers {

    static final String SOAP_ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP_PREFIX = "SOAP-ENV";

    private XRoadSoapAnswers() {
    }

    /** The request is not a SOAP 1.1 envelope with a body; the message is safe to return to the sender. */
    static final class NotSoapException extends Exception {
        NotSoapException(String message) {
            super(message);
        }
    }

    /**
     * An acknowledgement as X-Road expects it: the request's SOAP header repeated (client, service, id, userId,
     * protocolVersion) and a body element named after the request's body element plus {@code Response}.
     */
    static String acknowledge(String requestXml) throws NotSoapException {
        Element envelope = parse(requestXml).getDocumentElement();
        if (!isSoap(envelope, "Envelope")) {
            throw new NotSoapException("root element must be a SOAP 1.1 Envelope (" + SOAP_ENVELOPE_NS + ")");
        }
        Element body = soapChild(envelope, "Body");
        if (body == null) {
            throw new NotSoapException("SOAP Envelope has no Body");
        }
        Document answer = newDocument();
        Element answerEnvelope = soapElement(answer, "Envelope");
        answer.appendChild(answerEnvelope);
        Element header = soapChild(envelope, "Header");
        if (header != null) {
            answerEnvelope.appendChild(answer.importNode(header, true));
        }
        Element answerBody = soapElement(answer, "Body");
        answerEnvelope.appendChild(answerBody);
        Element service = firstElement(body);
        if (service != null) {
            String prefix = service.getPrefix() == null ? "" : service.getPrefix() + ":";
            answerBody.appendChild(answer.createElementNS(service.getNamespaceURI(),
                    prefix + service.getLocalName() + "Response"));
        }
        return serialize(answer);
    }

    /** A SOAP 1.1 Client fault: the sender's request was at fault. */
    static String clientFault(String reason) {
        Document fault = newDocument();
        Element envelope = soapElement(fault, "Envelope");
        fault.appendChild(envelope);
        Element body = soapElement(fault, "Body");
        envelope.appendChild(body);
        Element faultElement = soapElement(fault, "Fault");
        body.appendChild(faultElement);
        // faultcode and faultstring are unqualified in SOAP 1.1.
        Element faultCode = fault.createElementNS(null, "faultcode");
        faultCode.setTextContent(SOAP_PREFIX + ":Client");
        Element faultString = fault.createElementNS(null, "faultstring");
        faultString.setTextContent(reason);
        faultElement.appendChild(faultCode);
        faultElement.appendChild(faultString);
        return serialize(fault);
    }

    private static Document parse(String xml) throws NotSoapException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null); // the exception says it all; the default handler also prints to stderr
            return builder.parse(new InputSource(new StringReader(xml == null ? "" : xml)));
        } catch (SAXException | IOException e) {
            throw new NotSoapException("not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("JDK XML parser lacks a security feature", e);
        }
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serialize(Document document) {
        try {
            TransformerFactory factory = TransformerFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("Cannot serialise SOAP answer", e);
        }
    }

    private static Element soapElement(Document document, String localName) {
        return document.createElementNS(SOAP_ENVELOPE_NS, SOAP_PREFIX + ":" + localName);
    }

    private static boolean isSoap(Element element, String localName) {
        return SOAP_ENVELOPE_NS.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    private static Element soapChild(Element parent, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && isSoap(element, localName)) {
                return element;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                return element;
            }
        }
        return null;
    }
}
