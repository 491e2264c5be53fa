package dev.ferry.api.pinning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemotePinsTest {
    private static final Cid CID = Cid.parse("QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u");

    @TempDir
    Path tmp;

    @Test
    void pinObjectsSurviveAReopenWithEveryField() {
        Path file = tmp.resolve(RemotePins.FILE);
        RemotePins t = RemotePins.open(file);
        Instant at = t.nextCreated(Instant.parse("2026-11-26T10:00:00.123456Z"));
        RemotePin p = new RemotePin("id-1", "alice", at, CID, "naïve name", List.of("/ip4/127.0.0.1/tcp/1"),
                Map.of("app_id", "x", "k", "v w"), "");
        t.put(p);
        t.put(new RemotePin("id-2", "", t.nextCreated(at), CID, "", List.of(), Map.of(), "quota reached"));
        RemotePins again = RemotePins.open(file);
        assertThat(again.get("id-1")).contains(p);
        assertThat(again.get("id-2").orElseThrow().failure()).isEqualTo("quota reached");
        assertThat(again.nextCreated(at)).isAfter(again.get("id-2").orElseThrow().created());
        assertThat(again.remove("id-1")).isTrue();
        assertThat(again.remove("id-1")).isFalse();
        assertThat(RemotePins.open(file).list()).extracting(RemotePin::requestId).containsExactly("id-2");
    }

    @Test
    void creationTimesAreUniqueEvenWithinOneMillisecond() {
        RemotePins t = RemotePins.open(tmp.resolve(RemotePins.FILE));
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        Instant a = t.nextCreated(now);
        Instant b = t.nextCreated(now);
        Instant c = t.nextCreated(now.minusSeconds(5)); // a clock stepping back changes nothing
        assertThat(a).isBefore(b);
        assertThat(b).isBefore(c);
    }

    @Test
    void aDamagedFileIsRefusedWithItsName() throws Exception {
        Path file = tmp.resolve(RemotePins.FILE);
        Files.writeString(file, "something else\n");
        assertThatThrownBy(() -> RemotePins.open(file)).hasMessageContaining("not a remote-pins file");
        Files.writeString(file, "ferry-remote-pins v1\n{\"requestid\": 5}\n");
        assertThatThrownBy(() -> RemotePins.open(file)).hasMessageContaining("bad line");
    }
}
