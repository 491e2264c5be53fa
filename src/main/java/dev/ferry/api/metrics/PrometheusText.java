package dev.ferry.api.metrics;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes Prometheus' text exposition format (version 0.0.4): each family once, with its {@code # HELP} and
 * {@code # TYPE} lines before its samples. Names and label names are checked against the format's grammar, label
 * values and help texts escaped, so that no value a peer or a config can influence breaks the scrape.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** The kind of a family. */
    public enum Type {
        COUNTER, GAUGE;

        String text() {
            return this == COUNTER ? "counter" : "gauge";
        }
    }

    private final StringBuilder out = new StringBuilder(8192);
    private final Set<String> families = new HashSet<>();
    private String current;

    /** Starts a family; its samples follow. A family may be started once. */
    public PrometheusText family(String name, Type type, String help) {
        checkName(name);
        if (!families.add(name)) {
            throw new IllegalStateException("the family " + name + " was already written");
        }
        current = name;
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.text()).append('\n');
        return this;
    }

    /** A sample of the current family without labels. */
    public PrometheusText sample(double value) {
        return sample(value, new String[0]);
    }

    /** A sample of the current family with labels given as name, value, name, value... */
    public PrometheusText sample(double value, String... labels) {
        if (current == null) {
            throw new IllegalStateException("no family started");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        out.append(current);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (!LABEL.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                    throw new IllegalArgumentException("invalid label name: " + labels[i]);
                }
                out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"")
                        .append(escapeLabel(Objects.requireNonNull(labels[i + 1], "label value"))).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** One family with a single sample. */
    public PrometheusText single(String name, Type type, String help, double value) {
        return family(name, type, help).sample(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name: " + name);
        }
    }

    static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
