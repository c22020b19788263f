package fi.ketju.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent driver: autocannon (src/bench/driver, pinned by its package-lock.json and installed by
 * {@code mvn -Pbench verify} into target/bench-driver) posting referrals a file holds, each once, a fixed number of
 * connections at a time. A load tool that is not ours, so that the hub's rate is not only what our own sender
 * makes of it.
 */
final class LoadDriver {

    private final Path script;
    private final Path workDir;

    LoadDriver(Path script, Path workDir) {
        if (!Files.isRegularFile(script) || !Files.isDirectory(script.resolveSibling("node_modules/autocannon"))) {
            throw new IllegalStateException("no load driver at " + script + ": mvn -Pbench verify installs it (npm ci)");
        }
        this.script = script;
        this.workDir = workDir;
    }

    /**
     * Posts each body (one JSON referral a line) to the URL once, {@code connections} at a time.
     *
     * @param headerOptions driver options: --authorization=VALUE, --idempotency-key (see driver.js)
     */
    Run post(String url, List<String> bodies, int connections, String... headerOptions) throws IOException, InterruptedException {
        Path bodiesFile = Files.createTempFile(workDir, "driver-bodies", ".jsonl");
        Files.write(bodiesFile, bodies, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("node", script.toString(), url, bodiesFile.toString(),
                Integer.toString(connections)));
        command.addAll(List.of(headerOptions));
        Process node = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long started = 0;
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals("started")) {
                    started = System.nanoTime();
                } else {
                    result = line;
                }
            }
        }
        if (!node.waitFor(1, TimeUnit.MINUTES) || node.exitValue() != 0 || started == 0 || result == null) {
            node.destroyForcibly();
            throw new IllegalStateException("the load driver failed (exit " + (node.isAlive() ? "none" : node.exitValue())
                    + "): " + result);
        }
        Files.delete(bodiesFile);
        JsonNode answers = new ObjectMapper().readTree(result);
        return new Run(started, answers.path("ok").asInt(), answers.path("refused").asInt(), answers.path("errors").asInt(),
                answers.path("acceptedPerSecond").asDouble(), answers.path("latencyP99").asDouble());
    }

    /**
     * What the driver saw.
     *
     * @param startedNanos      System.nanoTime just before its first post
     * @param accepted          answers 2xx
     * @param refused           answers of another status
     * @param errors            requests that got no answer (connection errors and timeouts)
     * @param acceptedPerSecond its own figure: answers 2xx per second of its run
     * @param callP99Ms         the 99th percentile of its calls' latency, ms
     */
    record Run(long startedNanos, int accepted, int refused, int errors, double acceptedPerSecond, double callP99Ms) {

        /** "", or what went wrong, to be printed with the figures. */
        String problems() {
            return refused + errors == 0 ? "" : "; REFUSED " + refused + ", NO ANSWER " + errors;
        }
    }
}
