package fi.ketju.admin;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.List;

/** A unified diff between two versions of a file, as the admin API shows it. */
final class TextDiff {

    private TextDiff() {
    }

    static List<String> unified(String file, String before, String after) {
        List<String> original = before.lines().toList();
        return UnifiedDiffUtils.generateUnifiedDiff(file + " (in force)", file, original,
                DiffUtils.diff(original, after.lines().toList()), 3);
    }
}
