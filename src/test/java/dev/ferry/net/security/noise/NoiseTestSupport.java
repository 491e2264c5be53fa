package dev.ferry.net.security.noise;

import dev.ferry.testing.net.MemoryPipe;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the Noise tests. */
final class NoiseTestSupport {
    // RFC 7748 §6.1 key pairs, used as ephemeral keys so message 1 is a known answer
    static final byte[] ALICE_PRIV = FixedRandom.hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    static final String ALICE_PUB = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    static final byte[] BOB_PRIV = FixedRandom.hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    static final String BOB_PUB = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";

    static final NoiseConfig FAST = NoiseConfig.defaults().withHandshakeTimeout(Duration.ofSeconds(5));

    private NoiseTestSupport() {}

    static byte[] fill(int value) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    /** Identity seed, then static key, then ephemeral: all fixed. */
    static Side side(int identitySeed, int staticKey, byte[] ephemeral, NoiseConfig config) {
        FixedRandom r = new FixedRandom(fill(identitySeed), fill(staticKey), ephemeral);
        Identity id = Identity.generate(r);
        return new Side(id, new NoiseSecurity(id, config, r));
    }

    record Side(Identity identity, NoiseSecurity noise) {
        PeerId peer() {
            return identity.peerId();
        }
    }

    record Pair(NoiseSession initiator, NoiseSession responder) {}

    static Pair handshake(Side initiator, Side responder, MemoryPipe.Ends pipe, PeerId expected) throws Exception {
        CompletableFuture<NoiseSession> resp = CompletableFuture.supplyAsync(() -> {
            try {
                return responder.noise().secureInbound(pipe.b());
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        NoiseSession init;
        try {
            init = initiator.noise().secureOutbound(pipe.a(), expected);
        } catch (Exception e) {
            pipe.a().reset();
            throw e;
        }
        try {
            return new Pair(init, resp.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw (Exception) e.getCause().getCause();
        }
    }
}
