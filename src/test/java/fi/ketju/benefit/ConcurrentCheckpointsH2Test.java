package fi.ketju.benefit;

import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/** Concurrent checkpoints on H2, the development database. */
class ConcurrentCheckpointsH2Test extends ConcurrentCheckpointsContract {

    @BeforeAll
    static void h2() {
        start("jdbc:h2:mem:checkpoints-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
    }
}
