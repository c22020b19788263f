package fi.ketju.measure;

import fi.ketju.identity.BusinessId;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * A measure's figures as a FHIR R4 MeasureReport (type summary) or as CSV. A suppressed figure has no value and
 * carries the data-absent-reason "masked" (removed for privacy); nothing else of a small cell is written.
 */
@Component
class MeasureReports {

    static final String POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";
    static final String GROUP_SYSTEM = "https://ketju.fi/fhir/CodeSystem/measure-group";
    private static final String DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
    private static final String ALL = "all";

    private final MeasureSettings settings;

    MeasureReports(MeasureSettings settings) {
        this.settings = settings;
    }

    MeasureReport fhir(MeasureFigures figures) {
        MeasureReport report = new MeasureReport();
        report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
        report.setType(MeasureReport.MeasureReportType.SUMMARY);
        report.setMeasure(figures.measure().resource().getUrl());
        report.setDate(new Date());
        ZoneId zone = settings.zone();
        report.setPeriod(new Period().setStart(Date.from(figures.start().atStartOfDay(zone).toInstant()))
                .setEnd(Date.from(figures.end().minusDays(1).atStartOfDay(zone).toInstant())));
        if (figures.organisation() != null) {
            report.setReporter(new Reference().setType("Organization").setDisplay(figures.organisation())
                    .setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:oid:" + BusinessId.toOid(figures.organisation()))));
        }
        for (MeasureFigures.Group group : figures.groups()) {
            MeasureReport.MeasureReportGroupComponent fhirGroup = report.addGroup();
            fhirGroup.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(GROUP_SYSTEM, group.definition().code(), null)));
            group.all().populations().forEach((code, figure) -> count(fhirGroup.addPopulation().setCode(population(code)).getCountElement(), figure));
            score(group.definition(), group.all().score(), fhirGroup::setMeasureScore);
            group.stratifiers().forEach((code, strata) -> {
                MeasureReport.MeasureReportGroupStratifierComponent stratifier = fhirGroup.addStratifier();
                stratifier.addCode().setText(code);
                List<String> columns = group.definition().stratifiers().get(code);
                for (MeasureFigures.Stratum stratum : strata) {
                    MeasureReport.StratifierGroupComponent fhirStratum = stratifier.addStratum();
                    if (columns.size() == 1) {
                        fhirStratum.setValue(new CodeableConcept().setText(stratum.values().get(0)));
                    } else {
                        IntStream.range(0, columns.size()).forEach(c -> fhirStratum.addComponent()
                                .setCode(new CodeableConcept().setText(columns.get(c)))
                                .setValue(new CodeableConcept().setText(stratum.values().get(c))));
                    }
                    stratum.cell().populations().forEach((population, figure) ->
                            count(fhirStratum.addPopulation().setCode(population(population)).getCountElement(), figure));
                    score(group.definition(), stratum.cell().score(), fhirStratum::setMeasureScore);
                }
            });
        }
        return report;
    }

    /** One line per figure: group, stratifier ("all" for the group's total), stratum, population (or "score"), value. */
    String csv(MeasureFigures figures) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("measure", "period_start", "period_end", "organisation", "group", "stratifier", "stratum", "population",
                "value", "suppressed"));
        String organisation = figures.organisation() == null ? "" : figures.organisation();
        List<String> head = List.of(figures.measure().id(), figures.start().toString(), figures.end().minusDays(1).toString(),
                organisation);
        for (MeasureFigures.Group group : figures.groups()) {
            cellLines(lines, head, group.definition().code(), ALL, "", group.all());
            group.stratifiers().forEach((code, strata) -> {
                List<String> columns = group.definition().stratifiers().get(code);
                for (MeasureFigures.Stratum stratum : strata) {
                    String described = IntStream.range(0, columns.size()).mapToObj(c -> columns.get(c) + "=" + stratum.values().get(c))
                            .collect(Collectors.joining(";"));
                    cellLines(lines, head, group.definition().code(), code, described, stratum.cell());
                }
            });
        }
        return lines.stream().map(line -> line.stream().map(MeasureReports::csvField).collect(Collectors.joining(",")))
                .collect(Collectors.joining("\r\n", "", "\r\n"));
    }

    private static void cellLines(List<List<String>> lines, List<String> head, String group, String stratifier, String stratum,
            MeasureFigures.Cell cell) {
        Map<String, MeasureFigures.Figure> figures = new java.util.LinkedHashMap<>(cell.populations());
        if (cell.score() != null) {
            figures.put("score", cell.score());
        }
        figures.forEach((population, figure) -> {
            List<String> line = new ArrayList<>(head);
            line.addAll(List.of(group, stratifier, stratum, population, figure.suppressed() ? "" : figure.value().toPlainString(),
                    String.valueOf(figure.suppressed())));
            lines.add(line);
        });
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted (values are codes, but a stratum is the query's). */
    private static String csvField(String value) {
        return value.matches("[^,\"\r\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static CodeableConcept population(String code) {
        return new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(POPULATION_SYSTEM, code, null));
    }

    private static void count(IntegerType count, MeasureFigures.Figure figure) {
        if (figure.suppressed()) {
            masked(count);
        } else {
            count.setValue(figure.value().intValueExact());
        }
    }

    private static void score(MeasureDefinition.Group group, MeasureFigures.Figure score, java.util.function.Consumer<Quantity> set) {
        if (score == null) {
            return;
        }
        Quantity quantity = new Quantity();
        if (score.suppressed()) {
            masked(quantity);
        } else {
            quantity.setValue(score.value());
            if (group.percentile() != null) {
                quantity.setUnit("days").setSystem("http://unitsofmeasure.org").setCode("d");
            }
        }
        set.accept(quantity);
    }

    private static void masked(Element element) {
        element.addExtension(new Extension(DATA_ABSENT, new CodeType("masked")));
    }
}
