package fi.ketju.disclosure;

import fi.ketju.mapping.MappingSettings;
import java.nio.file.Path;

/** The disclosure policy of a mappings folder, for tests outside this package. */
public final class DisclosureTestSupport {

    private DisclosureTestSupport() {
    }

    public static DisclosurePolicy policy(Path mappingsDir) {
        return new DisclosurePolicy(new MappingSettings(mappingsDir));
    }
}
