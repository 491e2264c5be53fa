package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Datastore keys of the automatic GC, as Kubo reads them, and strictly. */
class GcSettingsTest {
    private static GcSettings of(String datastore) {
        return GcSettings.of(RepoConfig.parse("{\"Datastore\": " + datastore + "}"));
    }

    @Test
    void kubosDefaultsForWhatIsLeftOut() {
        GcSettings d = GcSettings.of(RepoConfig.parse("{}"));
        assertThat(d).isEqualTo(new GcSettings(10_000_000_000L, 90, Duration.ofHours(1)));
        assertThat(d.threshold()).isEqualTo(9_000_000_000L);
        assertThat(of("{\"StorageMax\": \"\", \"StorageGCWatermark\": 0, \"GCPeriod\": \"\"}")).isEqualTo(d);
        assertThat(of("{\"StorageMax\": null, \"StorageGCWatermark\": null, \"GCPeriod\": null}")).isEqualTo(d);
        assertThat(GcSettings.of(RepoConfig.defaults(null))).isEqualTo(d);
    }

    @Test
    void valuesAreRead() {
        GcSettings s = of("{\"StorageMax\": \"2GiB\", \"StorageGCWatermark\": 50, \"GCPeriod\": \"90s\"}");
        assertThat(s).isEqualTo(new GcSettings(2L << 30, 50, Duration.ofSeconds(90)));
        assertThat(s.threshold()).isEqualTo(1L << 30);
        assertThat(of("{\"StorageMax\": 12345}").storageMax()).isEqualTo(12345);
        assertThat(of("{\"GCPeriod\": \"0\"}").period()).isZero(); // Kubo's: no periodic GC
        assertThat(of("{\"GCPeriod\": \"1h30m\"}").period()).isEqualTo(Duration.ofMinutes(90));
        assertThat(of("{\"StorageGCWatermark\": 100}").watermark()).isEqualTo(100);
    }

    @Test
    void theThresholdIsFlooredAndNeverOverflows() {
        assertThat(new GcSettings(999, 90, Duration.ZERO).threshold()).isEqualTo(899); // 899.1
        assertThat(new GcSettings(Long.MAX_VALUE, 100, Duration.ZERO).threshold()).isEqualTo(Long.MAX_VALUE);
        assertThat(new GcSettings(Long.MAX_VALUE, 90, Duration.ZERO).threshold())
                .isEqualTo(java.math.BigInteger.valueOf(Long.MAX_VALUE).multiply(java.math.BigInteger.valueOf(90))
                        .divide(java.math.BigInteger.valueOf(100)).longValueExact());
    }

    @Test
    void aBadValueNamesItsKey() {
        String[][] cases = {
            {"{\"StorageMax\": \"lots\"}", "Datastore.StorageMax"},
            {"{\"StorageMax\": \"10 parsecs\"}", "Datastore.StorageMax"},
            {"{\"StorageMax\": -1}", "Datastore.StorageMax"},
            {"{\"StorageMax\": true}", "Datastore.StorageMax"},
            {"{\"StorageGCWatermark\": 101}", "Datastore.StorageGCWatermark"},
            {"{\"StorageGCWatermark\": -5}", "Datastore.StorageGCWatermark"},
            {"{\"StorageGCWatermark\": \"90\"}", "Datastore.StorageGCWatermark"},
            {"{\"StorageGCWatermark\": 90.5}", "Datastore.StorageGCWatermark"},
            {"{\"GCPeriod\": \"hourly\"}", "Datastore.GCPeriod"},
            {"{\"GCPeriod\": \"-1h\"}", "Datastore.GCPeriod"},
            {"{\"GCPeriod\": 3600}", "Datastore.GCPeriod"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> of(c[0])).as(c[0]).isInstanceOf(RepoException.class).hasMessageContaining(c[1]);
        }
    }
}
