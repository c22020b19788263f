package fi.ketju.fhir;

import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpStatus;

/**
 * Refuses XML with a document type declaration before HAPI parses it. HAPI's XML parser turns DTD support and
 * external entities off, so an entity is never resolved (its use fails as undeclared), but it does accept and skip
 * a DOCTYPE. FHIR XML has no use for one (the FHIR XML page tells implementers to ignore entities and not to
 * produce any), so the door refuses any instead of relying on what the parser skips.
 */
final class XmlDoctypeGuard {

    private static final XMLInputFactory FACTORY = hardenedFactory();

    private XmlDoctypeGuard() {
    }

    /**
     * @throws RefusedMessageException (400) if a DOCTYPE precedes the root element, or the XML declares an encoding other
     *     than the UTF-8 the body was read in
     */
    static void refuseDoctype(String xml) {
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                String declared = reader.getCharacterEncodingScheme();
                if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
                    throw RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, null, "ketju-utf-8",
                            "the XML declares encoding " + declared + "; the door takes UTF-8 only");
                }
                // A DOCTYPE can only come before the root element: no need to read further.
                while (reader.hasNext()) {
                    int event = reader.next();
                    if (event == XMLStreamConstants.DTD) {
                        throw RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.SECURITY, null, "ketju-no-doctype",
                                "the XML has a document type declaration (DOCTYPE): refused, DTDs and entities are never "
                                        + "processed");
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        return;
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            // Not well-formed: HAPI's parser says where when it reads the same bytes.
        }
    }

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are never resolved: " + systemId);
        });
        return factory;
    }
}
