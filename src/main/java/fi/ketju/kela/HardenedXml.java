package fi.ketju.kela;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads and writes X-Road XML with the JDK's own parser and serializer, never whatever else the class path
 * registers. Reading is hardened against hostile input: a DOCTYPE is refused outright, so no entity is ever
 * declared, expanded or fetched (external entities, billion laughs), nothing is included (XInclude), and the
 * JDK's secure-processing limits apply.
 */
final class HardenedXml {

    private static final String MAX_ELEMENT_DEPTH = "64";

    private HardenedXml() {
    }

    /** @throws SAXException if the bytes are not well-formed, namespace-correct XML without a DOCTYPE */
    static Document parse(byte[] xml) throws SAXException {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler() {
                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
        } catch (IOException e) {
            // From memory this can only be bytes that are not in the declared encoding.
            throw new SAXException("the bytes are not in the declared encoding: " + e.getMessage(), e);
        }
    }

    /** Where and why parsing failed, in words a sender can act on. */
    static String problem(SAXException e) {
        return e instanceof SAXParseException at
                ? "line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": " + at.getMessage()
                : e.getMessage();
    }

    static Document newDocument() {
        try {
            return factory().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
        }
    }

    static String serialize(Document document) {
        try {
            TransformerFactory factory = TransformerFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            var transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter xml = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(xml));
            return xml.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write XML", e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        // A document nested deeper than any X-Road message would only serve to exhaust what reads it later (XSD, XSLT).
        factory.setAttribute("jdk.xml.maxElementDepth", MAX_ELEMENT_DEPTH);
        factory.setExpandEntityReferences(false);
        return factory;
    }
}
