package fi.ketju.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The hub's database in the benchmark ({@code bench.db}): {@code h2}, the embedded default (a file in the hub's data
 * directory, inside the hub's process), or {@code postgresql}, as production runs: a PostgreSQL 16 server of its own
 * (io.zonky's embedded binaries), with PostgreSQL's durable commits (zonky's default {@code synchronous_commit=off} put
 * back to on), whose processes' CPU is counted apart from the hub's.
 */
abstract sealed class BenchDatabase implements AutoCloseable {

    static BenchDatabase of(String name, Path work) throws IOException {
        return switch (name) {
            case "h2" -> new EmbeddedH2();
            case "postgresql" -> new PostgreSql(work);
            default -> throw new IllegalArgumentException("bench.db must be h2 or postgresql, not " + name);
        };
    }

    /** The hub's command-line arguments that point it at this database. */
    abstract List<String> hubArguments();

    /** CPU used so far by the database's own processes, in ms; 0 where the database runs inside the hub. */
    abstract long cpuMillis() throws IOException;

    /** What the benchmark's first line says of it. */
    abstract String description();

    @Override
    public void close() throws IOException {
    }

    static final class EmbeddedH2 extends BenchDatabase {

        @Override
        List<String> hubArguments() {
            return List.of();
        }

        @Override
        long cpuMillis() {
            return 0;
        }

        @Override
        String description() {
            return "embedded H2 (inside the hub's process)";
        }
    }

    static final class PostgreSql extends BenchDatabase {

        private final EmbeddedPostgres server;
        private final Path dataDirectory;

        PostgreSql(Path work) throws IOException {
            dataDirectory = work.resolve("postgresql");
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setServerConfig("synchronous_commit", "on")
                    .start();
        }

        @Override
        List<String> hubArguments() {
            // Both hubs the benchmark starts use the one database: the measures' role (migration V31) is the server's.
            return List.of("--spring.datasource.url=" + server.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=");
        }

        /** The server process and its children (a backend per connection, the writers): theirs and their reaped children's. */
        @Override
        long cpuMillis() throws IOException {
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            long ticks = 0;
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                    Optional<ProcStat> stat = ProcStat.read(process.resolve("stat"));
                    if (stat.isEmpty()) {
                        continue; // it ended meanwhile
                    }
                    if (Long.parseLong(process.getFileName().toString()) == postmaster) {
                        ticks += stat.get().ownTicks() + stat.get().reapedChildrenTicks();
                    } else if (stat.get().parent() == postmaster) {
                        ticks += stat.get().ownTicks();
                    }
                }
            }
            return ProcStat.millis(ticks);
        }

        @Override
        String description() {
            return "PostgreSQL 16 (a server of its own, synchronous_commit on; its CPU counted apart from the hub's)";
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
