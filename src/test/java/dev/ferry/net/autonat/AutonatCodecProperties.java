package dev.ferry.net.autonat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.net.autonat.wire.AutonatCodec;
import dev.ferry.net.autonat.wire.AutonatMessage;
import dev.ferry.net.autonat.wire.AutonatMessage.Dial;
import dev.ferry.net.autonat.wire.AutonatMessage.DialResponse;
import dev.ferry.net.autonat.wire.AutonatMessage.PeerInfo;
import dev.ferry.net.autonat.wire.AutonatWireException;
import dev.ferry.net.autonat.wire.ResponseStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The codec round-trips every message it may write, and arbitrary bytes only ever raise its own exception. */
class AutonatCodecProperties {
    @Property(tries = 300)
    void messagesRoundTrip(@ForAll("messages") AutonatMessage m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AutonatCodec.write(out, m);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(AutonatCodec.read(in)).isEqualTo(m);
        assertThat(in.available()).isZero();
    }

    @Property(tries = 1000)
    void arbitraryBodiesOnlyRaiseTheWireException(@ForAll @Size(max = 600) byte[] body) {
        try {
            AutonatCodec.decode(body);
        } catch (AutonatWireException expected) {
            // fine
        }
    }

    @Property(tries = 1000)
    void arbitraryStreamsOnlyRaiseIoExceptions(@ForAll @Size(max = 600) byte[] bytes) {
        try {
            AutonatCodec.read(new ByteArrayInputStream(bytes));
        } catch (IOException expected) {
            // fine: the wire exception is one
        }
    }

    @Provide
    Arbitrary<AutonatMessage> messages() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<PeerInfo> peer = Combinators.combine(small.injectNull(0.2), small.list().ofMaxSize(8))
                .as(PeerInfo::new);
        Arbitrary<AutonatMessage> dial = peer.injectNull(0.1).map(Dial::new);
        Arbitrary<AutonatMessage> response = Combinators.combine(Arbitraries.of(ResponseStatus.class),
                Arbitraries.strings().ofMaxLength(60), small.injectNull(0.3)).as(DialResponse::new);
        return Arbitraries.oneOf(dial, response);
    }
}
