package dev.ferry.api.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import jdk.jfr.Configuration;
import org.junit.jupiter.api.Test;

/** Which JFR events each of Kubo's sampling collectors switches on. */
class ProfileRecordingTest {
    private static Map<String, String> settings(String collectors, String rate) throws Exception {
        ProfileOptions o = ProfileOptions.parse(List.of(collectors), Optional.of("1s"), Optional.empty(),
                Optional.ofNullable(rate));
        return ProfileRecording.settings(Configuration.getConfiguration("profile").getSettings(), o);
    }

    @Test
    void cpuAloneRecordsOnlyExecutionSamples() throws Exception {
        Map<String, String> s = settings("cpu", null);
        assertThat(s).containsEntry("jdk.ExecutionSample#enabled", "true")
                .containsEntry("jdk.NativeMethodSample#enabled", "true")
                .containsEntry("jdk.ObjectAllocationSample#enabled", "false")
                .containsEntry("jdk.ThreadPark#enabled", "false")
                .containsEntry("jdk.GarbageCollection#enabled", "false");
        assertThat(s.entrySet().stream().filter(e -> e.getKey().endsWith("#enabled") && e.getValue().equals("true"))
                .map(Map.Entry::getKey)).containsExactlyInAnyOrder("jdk.ExecutionSample#enabled",
                "jdk.NativeMethodSample#enabled");
    }

    @Test
    void traceIsEveryEventNoOtherCollectorClaimsButNeverTheMachinesPrivateOnes() throws Exception {
        Map<String, String> s = settings("trace", null);
        assertThat(s).containsEntry("jdk.GarbageCollection#enabled", "true")
                .containsEntry("jdk.SocketRead#enabled", "true")
                .containsEntry("jdk.ExecutionSample#enabled", "false")
                .containsEntry("jdk.JavaMonitorEnter#enabled", "false");
        for (String event : ProfileRecording.PRIVATE) {
            assertThat(s.getOrDefault(event + "#enabled", "false")).as(event).isEqualTo("false");
        }
        assertThat(Configuration.getConfiguration("profile").getSettings())
                .as("the 'profile' settings would record them").containsEntry("jdk.InitialSystemProperty#enabled", "true");
    }

    @Test
    void theBlockRateIsTheThresholdOfParksAndWaits() throws Exception {
        Map<String, String> s = settings("block,mutex", "250us");
        assertThat(s).containsEntry("jdk.ThreadPark#enabled", "true")
                .containsEntry("jdk.ThreadPark#threshold", "250000 ns")
                .containsEntry("jdk.JavaMonitorWait#threshold", "250000 ns")
                .containsEntry("jdk.JavaMonitorEnter#enabled", "true")
                .containsEntry("jdk.JavaMonitorEnter#threshold", "10 ms")
                .containsEntry("jdk.ExecutionSample#enabled", "false");
    }
}
