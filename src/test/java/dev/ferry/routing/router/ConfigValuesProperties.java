package dev.ferry.routing.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

class ConfigValuesProperties {

    @Provide
    Arbitrary<String> configish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("0123456789 .,+-[]\"kKmMgGiIbBsShHdDprivatesmall").ofMaxLength(40));
    }

    @Property(tries = 2000)
    void anyTextParsesOrFailsWithIllegalArgument(@ForAll("configish") String s) {
        for (Runnable r : new Runnable[] {() -> ConfigValues.classes(s), () -> ConfigValues.bytes(s),
                () -> ConfigValues.duration(s), () -> ConfigValues.number(s), () -> ConfigValues.integer(s, 1, 16)}) {
            try {
                r.run();
            } catch (IllegalArgumentException expected) {
                // the only declared failure
            }
        }
    }

    @Property(tries = 500)
    void anyConfigValueGivesAConfigOrNamesTheKey(@ForAll("configish") String s,
            @ForAll("keys") String key) {
        try {
            RoutingConfig c = RoutingConfig.fromValues(k -> k.equals(key) ? Optional.of(s) : Optional.empty());
            assertThat(c).isNotNull();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("config Exchange");
        }
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of("Exchange.PreferP2P", "Exchange.PreferIPFS", "Exchange.SmallBelow", "Exchange.LargeFrom",
                "Exchange.RecentWithin", "Exchange.ArchivedAfter", "Exchange.Score.DirectPeer",
                "Exchange.Score.IpfsAccess", "Exchange.Score.TrustLevel", "Exchange.Score.FastBandwidth",
                "Exchange.Score.FastAbove", "Exchange.Score.LatencyPerMs", "Exchange.Score.IndexMiss",
                "Exchange.IndexDistrustAfter", "Exchange.IndexForgetAfter", "Exchange.ParallelPeers");
    }

    @Property
    void classListsRoundTrip(@ForAll Set<ContentClass> classes, @ForAll boolean asJson) {
        String text = ConfigValues.format(classes);
        if (asJson) {
            text = "[" + String.join(", ", classes.stream().map(c -> "\"" + c.label() + "\"").toList()) + "]";
        }
        assertThat(ConfigValues.classes(text)).isEqualTo(classes.isEmpty() ? EnumSet.noneOf(ContentClass.class)
                : EnumSet.copyOf(classes));
    }

    @Property
    void byteSizesRoundTrip(@ForAll @LongRange(min = 0, max = 1L << 32) long n, @ForAll("units") String unit) {
        long factor = Map.of("", 1L, "B", 1L, "KB", 1000L, "MB", 1_000_000L, "GB", 1_000_000_000L, "KiB", 1024L,
                "MiB", 1L << 20, "GiB", 1L << 30).get(unit);
        assertThat(ConfigValues.bytes(n + unit)).isEqualTo(n * factor);
        assertThat(ConfigValues.bytes(" " + n + " " + unit.toLowerCase())).isEqualTo(n * factor);
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.of("", "B", "KB", "MB", "GB", "KiB", "MiB", "GiB");
    }

    @Property
    void durationsRoundTrip(@ForAll @LongRange(min = 0, max = 36_500) long n, @ForAll("durationUnits") String unit) {
        Duration expected = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        assertThat(ConfigValues.duration(n + unit)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> durationUnits() {
        return Arbitraries.of("ms", "s", "m", "h", "d");
    }

    @Property
    void numbersRoundTrip(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) long cents) {
        double v = cents / 100.0;
        assertThat(ConfigValues.number(String.valueOf(v))).isEqualTo(v);
    }

    @Property
    void tooLongValuesAreRefusedBeforeParsing(@ForAll @StringLength(min = 257, max = 2000) String s) {
        assertThatThrownBy(() -> ConfigValues.classes(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than");
    }

    @Example
    void defaultsAreTheDocumentedOnes() {
        RoutingConfig c = RoutingConfig.fromValues(k -> Optional.empty());
        assertThat(c).isEqualTo(RoutingConfig.defaults());
        assertThat(c.policy().preferP2P()).containsExactlyInAnyOrder(ContentClass.PRIVATE, ContentClass.RECENT,
                ContentClass.SMALL);
        assertThat(c.policy().preferIpfs()).containsExactlyInAnyOrder(ContentClass.PUBLIC, ContentClass.LARGE,
                ContentClass.ARCHIVED);
        assertThat(c.policy().smallBelow()).isEqualTo(1L << 20);
        assertThat(c.policy().largeFrom()).isEqualTo(64L << 20);
        assertThat(c.policy().recentWithin()).isEqualTo(Duration.ofHours(24));
        assertThat(c.policy().archivedAfter()).isEqualTo(Duration.ofDays(30));
        assertThat(c.weights()).isEqualTo(new ScoreWeights(100, 50, 10, 20, 1_000_000, 0.1, 25, 1000));
    }

    @Example
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> RoutingConfig.fromValues(k -> k.equals("Exchange.PreferP2P")
                ? Optional.of("private, fast") : Optional.empty()))
                .hasMessageContaining("Exchange").hasMessageContaining("unknown content class 'fast'");
        assertThatThrownBy(() -> RoutingConfig.fromValues(k -> k.equals("Exchange.PreferIPFS")
                ? Optional.of("small") : Optional.empty()))
                .hasMessageContaining("'small' is in both");
        assertThatThrownBy(() -> RoutingConfig.fromValues(k -> k.equals("Exchange.Score.DirectPeer")
                ? Optional.of("lots") : Optional.empty()))
                .hasMessage("config Exchange.Score.DirectPeer: invalid number 'lots'");
        assertThatThrownBy(() -> ConfigValues.bytes("99999999999GiB")).isInstanceOf(IllegalArgumentException.class);
    }
}
