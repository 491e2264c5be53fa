package dev.ferry.api.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text format 0.0.4 for tests: every line must be a HELP, a TYPE or a sample of a
 * family whose TYPE came before it, each family declared once; label values are unescaped.
 */
public final class ExpositionParser {
    /** One sample. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)", Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge)");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (NaN|[+-]Inf|-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)", Pattern.DOTALL);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:\\\\[\\\\\"n]|[^\"\\\\\\n])*)\"");

    private ExpositionParser() {
    }

    /** The samples of {@code text}; an {@link AssertionError} names the first line that breaks the format. */
    public static List<Sample> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the text does not end with a newline");
        }
        Map<String, String> types = new HashMap<>();
        List<Sample> out = new ArrayList<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty() && n == text.split("\n", -1).length) {
                break;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                String help = m.group(2);
                for (int i = 0; i < help.length(); i++) {
                    if (help.charAt(i) == '\\') {
                        if (i + 1 == help.length() || (help.charAt(i + 1) != '\\' && help.charAt(i + 1) != 'n')) {
                            throw new AssertionError("line " + n + ": a bad escape in HELP: " + line);
                        }
                        i++;
                    }
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("line " + n + ": " + m.group(1) + " declared twice");
                }
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                if (!types.containsKey(m.group(1))) {
                    throw new AssertionError("line " + n + ": a sample before its TYPE: " + line);
                }
                out.add(new Sample(m.group(1), labels(m.group(2), n), value(m.group(3))));
            } else {
                throw new AssertionError("line " + n + " is not in the format: " + line);
            }
        }
        return out;
    }

    private static Map<String, String> labels(String body, int n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null) {
            return out;
        }
        Matcher m = LABEL.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new AssertionError("line " + n + ": bad labels: " + body);
            }
            out.put(m.group(1), m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
            at = m.end();
            if (at < body.length()) {
                if (body.charAt(at) != ',') {
                    throw new AssertionError("line " + n + ": bad labels: " + body);
                }
                at++;
            }
        }
        return out;
    }

    private static double value(String v) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    /** The value of the one sample of {@code name} with exactly {@code labels}; an error when absent. */
    public static double value(List<Sample> samples, String name, String... labels) {
        Map<String, String> want = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(want)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + want)).value();
    }
}
