package dev.ferry.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void familiesAndSamplesAsTheFormatHasThem() {
        PrometheusText t = new PrometheusText();
        t.family("ferry_x_total", PrometheusText.Type.COUNTER, "Things.\nMore").sample(3, "kind", "a\"b\\c\nd")
                .sample(2.5, "kind", "plain");
        t.single("ferry_y", PrometheusText.Type.GAUGE, "Y.", Double.NaN);
        t.single("ferry_z", PrometheusText.Type.GAUGE, "Z.", Double.NEGATIVE_INFINITY);
        assertThat(t.toString()).isEqualTo("""
                # HELP ferry_x_total Things.\\nMore
                # TYPE ferry_x_total counter
                ferry_x_total{kind="a\\"b\\\\c\\nd"} 3
                ferry_x_total{kind="plain"} 2.5
                # HELP ferry_y Y.
                # TYPE ferry_y gauge
                ferry_y NaN
                # HELP ferry_z Z.
                # TYPE ferry_z gauge
                ferry_z -Inf
                """);
        List<ExpositionParser.Sample> s = ExpositionParser.parse(t.toString());
        assertThat(s.getFirst().labels()).isEqualTo(Map.of("kind", "a\"b\\c\nd"));
        assertThat(ExpositionParser.value(s, "ferry_x_total", "kind", "plain")).isEqualTo(2.5);
    }

    @Test
    void badNamesAndRepeatedFamiliesAreRefused() {
        PrometheusText t = new PrometheusText();
        assertThatThrownBy(() -> t.family("9lives", PrometheusText.Type.GAUGE, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.sample(1)).isInstanceOf(IllegalStateException.class);
        t.family("ok", PrometheusText.Type.GAUGE, "x");
        assertThatThrownBy(() -> t.sample(1, "bad-label", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.sample(1, "__reserved", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.sample(1, "odd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.family("ok", PrometheusText.Type.GAUGE, "again"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void numbersAreWrittenExactly() {
        assertThat(PrometheusText.number(0)).isEqualTo("0");
        assertThat(PrometheusText.number(-7)).isEqualTo("-7");
        assertThat(PrometheusText.number(1L << 40)).isEqualTo("1099511627776");
        assertThat(PrometheusText.number(0.125)).isEqualTo("0.125");
        assertThat(PrometheusText.number(1e300)).isEqualTo("1.0E300");
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Property(tries = 300)
    void anyLabelValueAndHelpTextKeepTheFormatAndComeBackWhole(@ForAll String value, @ForAll String help,
            @ForAll @DoubleRange(min = -1e18, max = 1e18) double number) {
        PrometheusText t = new PrometheusText();
        t.family("ferry_p", PrometheusText.Type.GAUGE, help).sample(number, "v", value, "w", "x");
        List<ExpositionParser.Sample> s = ExpositionParser.parse(t.toString());
        assertThat(s).hasSize(1);
        assertThat(s.getFirst().labels()).isEqualTo(Map.of("v", value, "w", "x"));
        assertThat(s.getFirst().value()).isEqualTo(number);
    }
}
