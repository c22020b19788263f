package fi.ketju.console;

import fi.ketju.security.InputEchoes;
import org.springframework.stereotype.Component;

/**
 * What a console template may call on text it shows (as {@code @consoleText}): an admin's page shows no identity code,
 * not even a sample's synthetic one, so that a test can hold every admin page to that.
 */
@Component("consoleText")
class ConsoleText {

    public String withoutIdentityCodes(String text) {
        return InputEchoes.withoutIdentityCodes(text);
    }
}
