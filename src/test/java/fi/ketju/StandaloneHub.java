package fi.ketju;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hub started and stopped by the test itself (not a cached test context), for tests about what
 * survives a stop or what changes by configuration alone. Settings are given as command-line arguments,
 * as an operator would.
 */
public final class StandaloneHub implements AutoCloseable {

    public final int port = HubTestSupport.freePort();
    public final Path dataDir = HubTestSupport.DATA_DIR.resolve("standalone-" + UUID.randomUUID());
    private ConfigurableApplicationContext context;

    public StandaloneHub start(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--ketju.data-dir=" + dataDir,
                "--ketju.delivery.redelivery-delay=200ms",
                "--ketju.delivery.redelivery-max-delay=1s"));
        args.addAll(List.of(extraArgs));
        context = new SpringApplicationBuilder(KetjuApplication.class).run(args.toArray(String[]::new));
        return this;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Every bean of the type, by name: none when the hub has no such thing. */
    public <T> Map<String, T> beans(Class<T> type) {
        return context.getBeansOfType(type);
    }

    /** Stops the hub the way an operator does (graceful shutdown); the data directory stays. */
    @Override
    public void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
