package fi.ketju.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process's or thread's {@code /proc/.../stat} (Linux): its name, its parent, and the CPU it has used, in clock
 * ticks: its own (user and system) and that of its children it has reaped.
 */
record ProcStat(String name, long parent, long ownTicks, long reapedChildrenTicks) {

    /** Linux's USER_HZ, the unit of the stat file's times: 100 on every common architecture. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** The stat file read, or empty if the process or thread ended first. */
    static Optional<ProcStat> read(Path stat) throws IOException {
        String line;
        try {
            line = Files.readString(stat);
        } catch (NoSuchFileException ended) {
            return Optional.empty();
        }
        // The fields after the name, which is in parentheses and may hold spaces: state, ppid, ..., utime and stime
        // (the 14th and 15th of the line), cutime and cstime.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Optional.of(new ProcStat(line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')), Long.parseLong(fields[1]),
                Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long.parseLong(fields[13]) + Long.parseLong(fields[14])));
    }

    static long millis(long ticks) {
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }
}
