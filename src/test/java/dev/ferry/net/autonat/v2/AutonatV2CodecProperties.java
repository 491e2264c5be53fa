package dev.ferry.net.autonat.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.net.autonat.v2.wire.AutonatV2Codec;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataResponse;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialResponse;
import dev.ferry.net.autonat.v2.wire.AutonatV2WireException;
import dev.ferry.net.autonat.v2.wire.DialBack;
import dev.ferry.net.autonat.v2.wire.DialResponseStatus;
import dev.ferry.net.autonat.v2.wire.DialStatus;
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
class AutonatV2CodecProperties {
    @Property(tries = 300)
    void messagesRoundTrip(@ForAll("messages") AutonatV2Message m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AutonatV2Codec.write(out, m);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(AutonatV2Codec.read(in)).isEqualTo(m);
        assertThat(in.available()).isZero();
    }

    @Property(tries = 200)
    void dialBacksRoundTrip(@ForAll long nonce) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AutonatV2Codec.write(out, new DialBack(nonce));
        assertThat(AutonatV2Codec.readDialBack(new ByteArrayInputStream(out.toByteArray())))
                .isEqualTo(new DialBack(nonce));
    }

    @Property(tries = 1000)
    void arbitraryBodiesOnlyRaiseTheWireException(@ForAll @Size(max = 600) byte[] body) {
        try {
            AutonatV2Codec.decode(body);
        } catch (AutonatV2WireException expected) {
            // fine
        }
        try {
            AutonatV2Codec.decodeDialBack(body);
        } catch (AutonatV2WireException expected) {
            // fine
        }
        try {
            AutonatV2Codec.decodeDialBackResponse(body);
        } catch (AutonatV2WireException expected) {
            // fine
        }
    }

    @Property(tries = 1000)
    void arbitraryStreamsOnlyRaiseIoExceptions(@ForAll @Size(max = 600) byte[] bytes) {
        try {
            AutonatV2Codec.read(new ByteArrayInputStream(bytes));
        } catch (IOException expected) {
            // fine: the wire exception is one
        }
    }

    @Provide
    Arbitrary<AutonatV2Message> messages() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<AutonatV2Message> request = Combinators.combine(small.list().ofMaxSize(12),
                Arbitraries.longs()).as(DialRequest::new);
        Arbitrary<AutonatV2Message> response = Combinators.combine(Arbitraries.of(DialResponseStatus.class),
                Arbitraries.integers().greaterOrEqual(0), Arbitraries.of(DialStatus.class)).as(DialResponse::new);
        Arbitrary<AutonatV2Message> dataRequest = Combinators.combine(Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0)).as(DialDataRequest::new);
        Arbitrary<AutonatV2Message> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096)
                .map(DialDataResponse::new);
        return Arbitraries.oneOf(request, response, dataRequest, data);
    }
}
