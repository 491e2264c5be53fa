package dev.ferry.net.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fetch protocol between two hosts: values, NOT_FOUND, ERROR for unknown prefixes, a garbage request. */
@Timeout(30)
class FetchServiceTest {
    private final TestHosts hosts = new TestHosts();

    @AfterEach
    void tearDown() {
        hosts.close();
    }

    @Test
    void valuesAreFetchedByPrefix() throws Exception {
        Host server = hosts.start();
        Host client = hosts.start();
        FetchService served = FetchService.install(server);
        served.register("/ipns/", key -> new String(key, StandardCharsets.UTF_8).equals("/ipns/here")
                ? Optional.of("value".getBytes(StandardCharsets.UTF_8)) : Optional.empty());
        FetchService asking = FetchService.install(client);
        client.connect(TestHosts.dialable(server));
        assertThat(asking.fetch(server.peerId(), "/ipns/here".getBytes(StandardCharsets.UTF_8)))
                .hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("value"));
        assertThat(asking.fetch(server.peerId(), "/ipns/elsewhere".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThatThrownBy(() -> asking.fetch(server.peerId(), "/pk/x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("No lookup function");
        // a peer that sends garbage gets a reset, and the service goes on
        try (var s = client.newStream(server.peerId(), FetchService.PROTOCOL_ID)) {
            s.out().write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
            assertThatThrownBy(() -> {
                s.out().flush(); // the reset may already have come back: then here, else at the read
                int n = s.in().read();
                if (n < 0) {
                    throw new IOException("ended");
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(asking.fetch(server.peerId(), "/ipns/here".getBytes(StandardCharsets.UTF_8))).isPresent();
    }

    @Test
    void aRequestThatNeverComesIsReset() throws Exception {
        Host server = hosts.start(dev.ferry.net.host.HostConfig.defaults()
                .withStreamIdleTimeout(java.time.Duration.ofMillis(500)));
        Host client = hosts.start();
        FetchService.install(server);
        client.connect(TestHosts.dialable(server));
        dev.ferry.net.host.NegotiatedStream s = client.newStream(server.peerId(), FetchService.PROTOCOL_ID);
        s.out().write(new byte[] {20, 10, 5}); // a request cut short, and no half-close
        s.out().flush();
        assertThat(dev.ferry.testing.net.StreamEnds.await(s, java.time.Duration.ofSeconds(10)).end())
                .isEqualTo(dev.ferry.testing.net.StreamEnds.End.RESET);
    }
}
