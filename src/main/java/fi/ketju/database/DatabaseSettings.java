package fi.ketju.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The embedded H2's group commit (see EmbeddedDatabaseConfiguration). */
@ConfigurationProperties("ketju.database")
record DatabaseSettings(Duration groupCommitSpacing) {
}
