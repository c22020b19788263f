package fi.ketju.delivery;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The hub's recipient formats, by the partner format each serves. */
@Component
class RecipientFormats {

    private final Map<PartnerDirectory.Format, RecipientFormat> formats = new EnumMap<>(PartnerDirectory.Format.class);

    RecipientFormats(List<RecipientFormat> recipientFormats) {
        recipientFormats.forEach(format -> format.formats().forEach(f -> formats.put(f, format)));
    }

    /** @throws UndeliverableException if the hub has none for this format; retrying cannot help */
    RecipientFormat of(PartnerDirectory.Format format) {
        RecipientFormat recipientFormat = formats.get(format);
        if (recipientFormat == null) {
            throw UndeliverableException.mapping(format.key(), "the hub has no translator into the " + format.key() + " format");
        }
        return recipientFormat;
    }
}
