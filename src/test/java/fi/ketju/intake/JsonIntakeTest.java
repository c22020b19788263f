package fi.ketju.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.mapping.MappingSet;
import fi.ketju.mapping.MappingTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partner's valid message that the family's mapping cannot read is refused as such, not answered with a 500. */
class JsonIntakeTest {

    @Test
    void validInputTheMappingCannotReadIsRefusedNamingTheRule(@TempDir Path mappings) throws IOException {
        Path mapping = Files.createDirectories(mappings.resolve("social-care")).resolve("referral-to-canonical.jslt");
        Files.writeString(mapping, "error(\"no reading of this referral\")");
        JsonIntake intake = new JsonIntake(new DoorJson(new ObjectMapper(), new IntakeSettings(1_000_000, 64, 100_000, 100)),
                MappingTestSupport.schemas(true), null, MappingTestSupport.translations(), null);
        byte[] sample = Files.readAllBytes(Path.of("mappings/social-care/samples/referral.json"));

        assertThatThrownBy(() -> intake.toCanonical(MappingSet.of(mappings), "social-care", "referral.json", sample))
                .isInstanceOfSatisfying(InvalidMessageException.class, refused -> assertThat(refused.violations())
                        .singleElement().satisfies(violation -> {
                            assertThat(violation.rule()).isEqualTo("mapping");
                            assertThat(violation.detail()).contains("no reading of this referral");
                        }));
    }
}
