package fi.ketju.mapping;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of one set of mappings: the repository's mappings/ with the versions admins deployed laid over it.
 * Immutable: a deploy makes a new one, so a mapping and the modules it imports are always read from one set.
 */
final class MappingFiles {

    private final Path root;
    private final Map<String, String> deployed;

    MappingFiles(Path root, Map<String, String> deployed) {
        this.root = root.toAbsolutePath().normalize();
        this.deployed = Map.copyOf(deployed);
    }

    Path root() {
        return root;
    }

    MappingFiles with(Map<String, String> changes) {
        Map<String, String> files = new HashMap<>(deployed);
        files.putAll(changes);
        return new MappingFiles(root, files);
    }

    /** The file at {@code id} (its path under mappings/), as deployed or else as in the repository. */
    Reader open(String id) throws IOException {
        String content = deployed.get(id);
        return content != null ? new StringReader(content) : Files.newBufferedReader(root.resolve(id));
    }

    /** The ids of the files directly in {@code folder} (under mappings/) whose names end with {@code suffix}. */
    SortedSet<String> ids(String folder, String suffix) {
        SortedSet<String> ids = new TreeSet<>();
        Path dir = root.resolve(folder);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile).forEach(file -> idOf(file).ifPresent(ids::add));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        ids.addAll(deployed.keySet().stream().filter(id -> id.startsWith(folder + "/")).toList());
        ids.removeIf(id -> !id.endsWith(suffix) || id.substring(folder.length() + 1).contains("/"));
        return ids;
    }

    /** The id of a file under mappings/, if it is under it. */
    Optional<String> idOf(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        return normalized.startsWith(root) ? Optional.of(root.relativize(normalized).toString().replace('\\', '/'))
                : Optional.empty();
    }
}
