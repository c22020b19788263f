package fi.ketju.delivery;

import org.junit.jupiter.api.BeforeAll;

/** {@link FailurePathsContract} on the embedded default, an H2 file database. */
class FailurePathsH2Test extends FailurePathsContract {

    @BeforeAll
    static void start() throws Exception {
        startHub();
    }
}
