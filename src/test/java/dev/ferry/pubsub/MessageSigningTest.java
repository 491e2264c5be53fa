package dev.ferry.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.identity.Identity;
import dev.ferry.identity.Secp256k1PrivateKey;
import dev.ferry.pubsub.wire.PubsubProto.Message;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MessageSigningTest {
    static final SecureRandom RANDOM = new SecureRandom();
    static final Identity ALICE = Identity.generate(RANDOM);
    static final Identity MALLORY = Identity.generate(RANDOM);

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSignedMessageNamesItsAuthor() throws Exception {
        Message m = MessageSigning.signed(ALICE, "t", utf8("hi"), 42);
        assertThat(MessageSigning.check(m, SignaturePolicy.STRICT_SIGN)).contains(ALICE.peerId());
        assertThat(m.hasKey()).isFalse(); // Ed25519 peer IDs inline their key
        assertThat(m.getSeqno().toByteArray()).isEqualTo(HexFormat.of().parseHex("000000000000002a"));
        assertThat(MessageSigning.messageId(m)).isEqualTo(ByteString.copyFrom(ALICE.peerId().bytes())
                .concat(ByteString.copyFrom(HexFormat.of().parseHex("000000000000002a"))));
    }

    @Test
    void aShortSequenceNumberIsReadBigEndian() {
        assertThat(MessageSigning.seqnoValue(ByteString.copyFrom(HexFormat.of().parseHex("0102")))).isEqualTo(0x0102);
        assertThat(MessageSigning.seqnoValue(ByteString.copyFrom(HexFormat.of().parseHex("ffffffffffffffff"))))
                .isEqualTo(-1L);
    }

    @Test
    void secp256k1AuthorsSignToo() throws Exception {
        Identity k = Identity.fromPrivateKey(Secp256k1PrivateKey.generate(RANDOM));
        Message m = MessageSigning.signed(k, "t", utf8("hi"), 1);
        assertThat(MessageSigning.check(m, SignaturePolicy.STRICT_SIGN)).contains(k.peerId());
    }

    @Test
    void anEmptyPayloadIsSignedAsPresent() throws Exception {
        Message m = MessageSigning.signed(ALICE, "t", new byte[0], 1);
        assertThat(m.hasData()).isTrue();
        assertThat(MessageSigning.check(m, SignaturePolicy.STRICT_SIGN)).contains(ALICE.peerId());
        // dropping the empty field changes the signed bytes
        assertThatThrownBy(() -> MessageSigning.check(m.toBuilder().clearData().build(), SignaturePolicy.STRICT_SIGN))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("bad signature");
    }

    @Property(tries = 200)
    void anyChangedByteBreaksTheSignature(@ForAll @IntRange(min = 0, max = 3) int field,
            @ForAll @IntRange(min = 0, max = 1000) int at) {
        Message m = MessageSigning.signed(ALICE, "topic", utf8("some payload"), 7);
        Message.Builder b = m.toBuilder();
        switch (field) {
            case 0 -> b.setData(flip(m.getData(), at));
            case 1 -> b.setSeqno(flip(m.getSeqno(), at));
            case 2 -> b.setTopic("topiC");
            default -> b.setSignature(flip(m.getSignature(), at));
        }
        assertThatThrownBy(() -> MessageSigning.check(b.build(), SignaturePolicy.STRICT_SIGN))
                .isInstanceOf(InvalidMessageException.class);
    }

    static ByteString flip(ByteString s, int at) {
        byte[] b = s.toByteArray();
        b[at % b.length] ^= 1;
        return ByteString.copyFrom(b);
    }

    @Test
    void aMessageSignedByAnotherKeyUnderAStolenNameIsRefused() {
        Message forged = MessageSigning.signed(MALLORY, "t", utf8("x"), 1).toBuilder()
                .setFrom(ByteString.copyFrom(ALICE.peerId().bytes())).build();
        assertThatThrownBy(() -> MessageSigning.check(forged, SignaturePolicy.STRICT_SIGN))
                .hasMessageContaining("bad signature");
        Message withKey = forged.toBuilder().setKey(ByteString.copyFrom(MALLORY.publicKey().marshal())).build();
        assertThatThrownBy(() -> MessageSigning.check(withKey, SignaturePolicy.STRICT_SIGN))
                .hasMessageContaining("not the author's");
    }

    @Test
    void policiesRefuseEachOthersMessages() {
        Message signed = MessageSigning.signed(ALICE, "t", utf8("x"), 1);
        Message anon = MessageSigning.anonymous("t", utf8("x"));
        assertThatThrownBy(() -> MessageSigning.check(anon, SignaturePolicy.STRICT_SIGN)).hasMessageContaining("unsigned");
        assertThatThrownBy(() -> MessageSigning.check(signed, SignaturePolicy.STRICT_NO_SIGN)).hasMessageContaining("anonymous");
    }

    @Test
    void malformedFieldsAreRefused() {
        Message m = MessageSigning.signed(ALICE, "t", utf8("x"), 1);
        assertThatThrownBy(() -> MessageSigning.check(m.toBuilder().setSeqno(ByteString.copyFrom(new byte[9])).build(),
                SignaturePolicy.STRICT_SIGN)).hasMessageContaining("9 bytes (1 to 8)");
        assertThatThrownBy(() -> MessageSigning.check(m.toBuilder().setSeqno(ByteString.EMPTY).build(),
                SignaturePolicy.STRICT_SIGN)).hasMessageContaining("0 bytes (1 to 8)");
        assertThatThrownBy(() -> MessageSigning.check(m.toBuilder().setFrom(ByteString.copyFromUtf8("nope")).build(),
                SignaturePolicy.STRICT_SIGN)).hasMessageContaining("not a peer ID");
        assertThatThrownBy(() -> MessageSigning.check(m.toBuilder().clearTopic().build(), SignaturePolicy.STRICT_SIGN))
                .hasMessageContaining("without a topic");
        assertThatThrownBy(() -> MessageSigning.check(m.toBuilder().setKey(ByteString.copyFromUtf8("junk")).build(),
                SignaturePolicy.STRICT_SIGN)).hasMessageContaining("malformed author key");
    }
}
