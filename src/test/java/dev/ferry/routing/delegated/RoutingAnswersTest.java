package dev.ferry.routing.delegated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.Multibase;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingAnswersTest {
    private static final PeerId A = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
    private static final PeerId B = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsPeerRecordsAndSkipsWhatItCannotUse() {
        String body = """
                {"Providers": [
                  {"Schema": "peer", "ID": "%s", "Addrs": ["/ip4/10.0.0.1/tcp/4001", "/bogus/1", 7],
                   "Protocols": ["transport-bitswap", "transport-ipfs-gateway-http"]},
                  {"Schema": "bitswap", "ID": "%s"},
                  {"Schema": "peer", "ID": "not-a-peer"},
                  {"Schema": "peer"},
                  "a string",
                  {"Schema": "peer", "ID": "%s"}
                ], "Extra": {"ignored": true}}
                """.formatted(A, B, B.toCidString(Multibase.BASE36));
        List<RoutedPeer> out = RoutingAnswers.json(utf8(body), "Providers", 10);
        assertThat(out).containsExactly(
                new RoutedPeer(A, List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001")),
                        List.of("transport-bitswap", "transport-ipfs-gateway-http")),
                new RoutedPeer(B, List.of(), List.of()));
        assertThat(RoutingAnswers.json(utf8(body), "Providers", 1)).hasSize(1);
        assertThat(RoutingAnswers.json(utf8("{\"Providers\": null}"), "Providers", 10)).isEmpty();
        assertThat(RoutingAnswers.json(utf8("{}"), "Peers", 10)).isEmpty();
    }

    @Test
    void ndjsonLinesEachARecord() {
        String body = "{\"Schema\":\"peer\",\"ID\":\"" + A + "\",\"Addrs\":[\"/ip4/1.2.3.4/tcp/1\"]}\n\n"
                + "{\"Schema\":\"unknown\"}\n{\"Schema\":\"peer\",\"ID\":\"" + B + "\"}";
        assertThat(RoutingAnswers.ndjson(utf8(body), 10)).extracting(RoutedPeer::id).containsExactly(A, B);
        assertThat(RoutingAnswers.ndjson(utf8(body), 1)).extracting(RoutedPeer::id).containsExactly(A);
    }

    @Test
    void malformedBodiesAreTheRoutersFailure() {
        assertThatThrownBy(() -> RoutingAnswers.json(utf8("<html>"), "Providers", 10))
                .isInstanceOf(DelegatedRoutingException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> RoutingAnswers.json(utf8("[1]"), "Providers", 10))
                .isInstanceOf(DelegatedRoutingException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> RoutingAnswers.json(utf8("{\"Providers\": {}}"), "Providers", 10))
                .isInstanceOf(DelegatedRoutingException.class).hasMessageContaining("not an array");
        assertThatThrownBy(() -> RoutingAnswers.ndjson(utf8("{\"Schema\":\"peer\"}\n{oops"), 10))
                .isInstanceOf(DelegatedRoutingException.class).hasMessageContaining("NDJSON");
    }

    @Test
    void mergingJoinsAddressesOnce() {
        RoutedPeer a = new RoutedPeer(A, List.of(Multiaddr.parse("/ip4/1.1.1.1/tcp/1")), List.of("transport-bitswap"));
        RoutedPeer b = new RoutedPeer(A, List.of(Multiaddr.parse("/ip4/1.1.1.1/tcp/1"),
                Multiaddr.parse("/ip4/2.2.2.2/tcp/2")), List.of("transport-bitswap", "x"));
        assertThat(a.merge(b).addrs()).hasSize(2);
        assertThat(a.merge(b).protocols()).containsExactly("transport-bitswap", "x");
    }
}
