package fi.ketju.measure;

import fi.ketju.web.RefusedRequestException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The console's measures page (/console/measures, for analysts, admins and auditors): one measure at a time, each group's
 * headline figure (a share, a number of days, or a count, for all clients) month by month as a bar chart drawn on the
 * server (SVG, no script), with the same figures in a table for screen readers. A suppressed month has no bar and says
 * so. Aggregates only: nothing on the page names a person.
 */
@Controller
class MeasurePages {

    static final int WIDTH = 640;
    static final int HEIGHT = 180;
    private static final int MAX_MONTHS = 24;

    private final Measures measures;

    MeasurePages(Measures measures) {
        this.measures = measures;
    }

    /** One month's bar: its value as shown (null when suppressed) and its place in the chart. */
    record Bar(String month, BigDecimal value, String shown, int x, int y, int width, int height) {
    }

    /** One group's chart. */
    record Chart(String code, String description, String unit, List<Bar> bars) {
    }

    @GetMapping("/console/measures")
    String page(@RequestParam(required = false) String measure, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "12") int months, Model model) {
        List<Measures.Summary> all = measures.list();
        String id = measure == null ? all.get(0).id() : measure;
        MeasureDefinition definition = measures.measure(id);
        if (months < 1 || months > MAX_MONTHS) {
            throw RefusedRequestException.invalid("months", "range", "must be from 1 to " + MAX_MONTHS);
        }
        YearMonth last = to == null ? YearMonth.now(measures.zone()) : month(to);
        List<YearMonth> range = new ArrayList<>();
        for (int m = months - 1; m >= 0; m--) {
            range.add(last.minusMonths(m));
        }
        List<List<MeasureFigures.Cell>> byMonth = measures.months(range.stream()
                        .map(month -> new Measures.MonthAsked(id, month.toString(), null)).toList()).stream()
                .map(figures -> figures.groups().stream().map(MeasureFigures.Group::all).toList())
                .toList();
        List<Chart> charts = new ArrayList<>();
        for (int g = 0; g < definition.groups().size(); g++) {
            MeasureDefinition.Group group = definition.groups().get(g);
            int index = g;
            charts.add(chart(group, range, byMonth.stream().map(cells -> headline(group, cells.get(index))).toList()));
        }
        model.addAttribute("measures", all);
        model.addAttribute("measure", definition.resource());
        model.addAttribute("measureId", id);
        model.addAttribute("charts", charts);
        model.addAttribute("from", range.get(0).toString());
        model.addAttribute("to", last.toString());
        model.addAttribute("width", WIDTH);
        model.addAttribute("height", HEIGHT);
        return "console/measures";
    }

    private static YearMonth month(String to) {
        try {
            if (to.matches("[0-9]{4}-[0-9]{2}")) {
                return YearMonth.parse(to);
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw RefusedRequestException.invalid("to", "year-month", "must be a calendar month as YYYY-MM");
    }

    /** A group's headline: its score when it has one, else its first population's count. */
    private static MeasureFigures.Figure headline(MeasureDefinition.Group group, MeasureFigures.Cell all) {
        return all.score() != null ? all.score() : all.populations().values().iterator().next();
    }

    private static Chart chart(MeasureDefinition.Group group, List<YearMonth> months, List<MeasureFigures.Figure> values) {
        BigDecimal max = values.stream().map(MeasureFigures.Figure::value).filter(Objects::nonNull).max(BigDecimal::compareTo)
                .filter(value -> value.signum() > 0).orElse(BigDecimal.ONE);
        int slot = WIDTH / months.size();
        List<Bar> bars = new ArrayList<>();
        for (int m = 0; m < months.size(); m++) {
            BigDecimal value = values.get(m).value();
            int height = value == null ? 0 : value.multiply(BigDecimal.valueOf(HEIGHT - 20)).divide(max, 0, RoundingMode.HALF_UP).intValue();
            bars.add(new Bar(months.get(m).toString(), value, value == null ? "suppressed" : shown(group, value), m * slot + 4,
                    HEIGHT - height, Math.max(slot - 8, 2), height));
        }
        String unit = group.proportion() ? "share" : group.percentile() != null ? "days" : "count";
        return new Chart(group.code(), group.description(), unit, bars);
    }

    private static String shown(MeasureDefinition.Group group, BigDecimal value) {
        return group.proportion() ? value.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString() + " %"
                : value.stripTrailingZeros().toPlainString();
    }

    @ExceptionHandler
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String refused(RefusedRequestException e, Model model) {
        model.addAttribute("field", e.field());
        model.addAttribute("rule", e.rule());
        model.addAttribute("detail", e.getMessage());
        return "console/measure-refused";
    }
}
