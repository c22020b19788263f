package fi.ketju.intake;

/** The request's Content-Type is not the one the door takes; nothing was read or stored. */
public class UnsupportedContentTypeException extends RuntimeException {

    private final String contentType;
    private final String supported;

    public UnsupportedContentTypeException(String contentType, String supported) {
        super("Content-Type " + contentType + " is not " + supported);
        this.contentType = contentType;
        this.supported = supported;
    }

    public String contentType() {
        return contentType;
    }

    public String supported() {
        return supported;
    }
}
