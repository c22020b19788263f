package fi.ketju.measure;

import fi.ketju.identity.BusinessId;
import fi.ketju.web.RefusedRequestException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** What the measures' doors (the API, the FHIR operation and the console) ask: the list, and a report checked for its parameters. */
@Component
class Measures {

    private static final Pattern YEAR_MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final MeasureCatalogue catalogue;
    private final MeasureEvaluation evaluation;
    private final MeasureSettings settings;

    Measures(MeasureCatalogue catalogue, MeasureEvaluation evaluation, MeasureSettings settings) {
        this.catalogue = catalogue;
        this.evaluation = evaluation;
        this.settings = settings;
    }

    /** The zone whose calendar months the reports count. */
    ZoneId zone() {
        return settings.zone();
    }

    /** What GET /api/v1/measures lists of each measure. */
    record Summary(String id, String title, String description) {
    }

    List<Summary> list() {
        return catalogue.measures().values().stream()
                .map(measure -> new Summary(measure.id(), measure.resource().getTitle(), measure.resource().getDescription())).toList();
    }

    /** The measure of {@code id}; a refusal does not repeat the id asked for (a URL may carry anything). */
    MeasureDefinition measure(String id) {
        return catalogue.measure(id).orElseThrow(() -> RefusedRequestException.notFound("id", "exists",
                "no measure of this id: GET /api/v1/measures lists them"));
    }

    /** The measure for a calendar month ({@code period}: YYYY-MM) and an organisation's business id (null: all). */
    MeasureFigures month(String id, String period, String organisation) {
        return months(List.of(new MonthAsked(id, period, organisation))).get(0);
    }

    /** One report of a calendar month: a measure's id, the month (YYYY-MM), an organisation's business id (null: all). */
    record MonthAsked(String id, String period, String organisation) {
    }

    /** Several months' reports at once (evaluated side by side), each checked for its parameters first, in its order. */
    List<MeasureFigures> months(List<MonthAsked> reports) {
        List<MeasureEvaluation.Asked> asked = new ArrayList<>();
        for (MonthAsked report : reports) {
            MeasureDefinition measure = measure(report.id());
            YearMonth month = yearMonth(report.period());
            asked.add(new MeasureEvaluation.Asked(measure, month.atDay(1), month.plusMonths(1).atDay(1), organisation(report.organisation())));
        }
        return evaluation.evaluate(asked);
    }

    private static YearMonth yearMonth(String period) {
        try {
            if (period != null && YEAR_MONTH.matcher(period).matches()) {
                return YearMonth.parse(period);
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw RefusedRequestException.invalid("period", "year-month", "must be a calendar month as YYYY-MM, e.g. 2026-03");
    }

    /**
     * The measure for the days from {@code start} to {@code end}, both included (YYYY-MM-DD): one calendar month, its
     * first and last day. Reports of periods that overlap could be subtracted from one another (a month less the same
     * month but its last day is that day's clients), so every report is of a whole month, as the API's are.
     */
    MeasureFigures days(String id, String startParameter, String start, String endParameter, String end, String organisation) {
        MeasureDefinition measure = measure(id);
        LocalDate from = date(startParameter, start);
        LocalDate to = date(endParameter, end);
        if (to.isBefore(from)) {
            throw RefusedRequestException.invalid(endParameter, "after-start", "must not be before " + startParameter);
        }
        if (from.getDayOfMonth() != 1) {
            throw RefusedRequestException.invalid(startParameter, "calendar-month", "must be the first day of a month: a report"
                    + " covers one calendar month (reports of overlapping periods would give away the days between them)");
        }
        if (!to.equals(YearMonth.from(from).atEndOfMonth())) {
            throw RefusedRequestException.invalid(endParameter, "calendar-month", "must be the last day of the month "
                    + startParameter + " begins: a report covers one calendar month (reports of overlapping periods would"
                    + " give away the days between them)");
        }
        return evaluation.evaluate(measure, from, to.plusDays(1), organisation(organisation));
    }

    private static LocalDate date(String parameter, String value) {
        try {
            if (value != null && DATE.matcher(value).matches()) {
                return LocalDate.parse(value);
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw RefusedRequestException.invalid(parameter, "date", "must be a date as YYYY-MM-DD");
    }

    private static String organisation(String organisation) {
        if (organisation == null) {
            return null;
        }
        BusinessId.problem(organisation).ifPresent(problem -> {
            throw RefusedRequestException.invalid("organisation", "business-id", "must be a Finnish business id (Y-tunnus), " + problem);
        });
        return organisation;
    }
}
