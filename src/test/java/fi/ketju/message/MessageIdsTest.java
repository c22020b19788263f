package fi.ketju.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    /** What keeps each new row at the end of the indexes: ids made later sort after earlier ones, as both databases order UUIDs. */
    @Test
    void idsAreVersion7AndSortInTheOrderTheyWereMade() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = MessageIds.next();
            assertThat(id.version()).isEqualTo(7);
            made.add(id.toString());
        }
        assertThat(made).isSorted().doesNotHaveDuplicates();
    }
}
