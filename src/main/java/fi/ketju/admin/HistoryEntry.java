package fi.ketju.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One version in the history of a route or mapping, with what it changed from the version before (a unified diff). */
record HistoryEntry(int version, String checksum, String author, String reason, Instant createdAt, List<String> diff) {

    /** The history of a file, newest first, from its versions newest first. */
    static List<HistoryEntry> of(String file, List<ConfigVersions.Version> versions) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            ConfigVersions.Version version = versions.get(i);
            String before = i + 1 < versions.size() ? versions.get(i + 1).content() : "";
            entries.add(new HistoryEntry(version.version(), version.checksum(), version.author(), version.reason(),
                    version.createdAt(), TextDiff.unified(file, before, version.content())));
        }
        return entries;
    }
}
