package fi.ketju.fhir;

import ca.uhn.fhir.parser.StrictErrorHandler;

/**
 * Strict as the shared context's handler, and remembers which element broke the parse: HAPI's parse errors carry
 * its name only in their text, and the door names it in issue.expression. One instance per parse.
 */
final class ElementNamingErrorHandler extends StrictErrorHandler {

    private String element;

    /** The element HAPI refused, or null if the parse failed for another reason (e.g. the syntax). */
    String element() {
        return element;
    }

    @Override
    public void unknownElement(IParseLocation location, String elementName) {
        element = elementName;
        super.unknownElement(location, elementName);
    }

    @Override
    public void unknownAttribute(IParseLocation location, String attributeName) {
        element = attributeName;
        super.unknownAttribute(location, attributeName);
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
        element = elementName;
        super.unexpectedRepeatingElement(location, elementName);
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
        element = location == null ? null : location.getParentElementName();
        super.invalidValue(location, value, error);
    }
}
