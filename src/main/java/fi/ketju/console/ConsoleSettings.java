package fi.ketju.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The overview's refresh interval and how many recent deploys it lists (ketju.console.overview). */
@ConfigurationProperties("ketju.console.overview")
record ConsoleSettings(Duration refresh, int recentDeploys) {
}
