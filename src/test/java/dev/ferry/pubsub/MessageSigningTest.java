package dev.ferry.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.identity.Secp256k1PrivateKey;
import dev.ferry.pubsub.wire.MessageId;
import dev.ferry.pubsub.wire.WireMessage;
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

    static WireMessage with(WireMessage m, byte[] from, byte[] data, byte[] seqno, String topic, byte[] sig,
            byte[] key) {
        return new WireMessage(from, data, seqno, topic, sig, key);
    }

    @Test
    void aSignedMessageNamesItsAuthor() throws Exception {
        WireMessage m = MessageSigning.signed(ALICE, "t", utf8("hi"), 42);
        assertThat(MessageSigning.check(m, SignaturePolicy.STRICT_SIGN)).contains(ALICE.peerId());
        assertThat(m.key()).isNull(); // Ed25519 peer IDs inline their key
        assertThat(m.seqno()).isEqualTo(HexFormat.of().parseHex("000000000000002a"));
        byte[] id = HexFormat.of().parseHex(HexFormat.of().formatHex(ALICE.peerId().bytes()) + "000000000000002a");
        assertThat(MessageSigning.messageId(m)).isEqualTo(new MessageId(id));
    }

    @Test
    void aShortSequenceNumberIsReadBigEndian() {
        assertThat(MessageSigning.seqnoValue(HexFormat.of().parseHex("0102"))).isEqualTo(0x0102);
        assertThat(MessageSigning.seqnoValue(HexFormat.of().parseHex("ffffffffffffffff"))).isEqualTo(-1L);
    }

    @Test
    void secp256k1AuthorsSignToo() throws Exception {
        Identity k = Identity.fromPrivateKey(Secp256k1PrivateKey.generate(RANDOM));
        WireMessage m = MessageSigning.signed(k, "t", utf8("hi"), 1);
        assertThat(MessageSigning.check(m, SignaturePolicy.STRICT_SIGN)).contains(k.peerId());
    }

    @Test
    void anEmptyPayloadIsSignedAsPresent() throws Exception {
        WireMessage m = MessageSigning.signed(ALICE, "t", new byte[0], 1);
        assertThat(m.data()).isEmpty();
        assertThat(MessageSigning.check(m, SignaturePolicy.STRICT_SIGN)).contains(ALICE.peerId());
        // dropping the empty field changes the signed bytes
        WireMessage absent = with(m, m.from(), null, m.seqno(), m.topic(), m.signature(), m.key());
        assertThatThrownBy(() -> MessageSigning.check(absent, SignaturePolicy.STRICT_SIGN))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("bad signature");
    }

    @Property(tries = 200)
    void anyChangedByteBreaksTheSignature(@ForAll @IntRange(min = 0, max = 3) int field,
            @ForAll @IntRange(min = 0, max = 1000) int at) {
        WireMessage m = MessageSigning.signed(ALICE, "topic", utf8("some payload"), 7);
        WireMessage changed = switch (field) {
            case 0 -> with(m, m.from(), flip(m.data(), at), m.seqno(), m.topic(), m.signature(), m.key());
            case 1 -> with(m, m.from(), m.data(), flip(m.seqno(), at), m.topic(), m.signature(), m.key());
            case 2 -> with(m, m.from(), m.data(), m.seqno(), "topiC", m.signature(), m.key());
            default -> with(m, m.from(), m.data(), m.seqno(), m.topic(), flip(m.signature(), at), m.key());
        };
        assertThatThrownBy(() -> MessageSigning.check(changed, SignaturePolicy.STRICT_SIGN))
                .isInstanceOf(InvalidMessageException.class);
    }

    static byte[] flip(byte[] b, int at) {
        b[at % b.length] ^= 1;
        return b;
    }

    @Test
    void aMessageSignedByAnotherKeyUnderAStolenNameIsRefused() {
        WireMessage m = MessageSigning.signed(MALLORY, "t", utf8("x"), 1);
        WireMessage forged = with(m, ALICE.peerId().bytes(), m.data(), m.seqno(), m.topic(), m.signature(), null);
        assertThatThrownBy(() -> MessageSigning.check(forged, SignaturePolicy.STRICT_SIGN))
                .hasMessageContaining("bad signature");
        WireMessage withKey = forged.signed(forged.signature(), MALLORY.publicKey().marshal());
        assertThatThrownBy(() -> MessageSigning.check(withKey, SignaturePolicy.STRICT_SIGN))
                .hasMessageContaining("not the author's");
    }

    @Test
    void policiesRefuseEachOthersMessages() {
        WireMessage signed = MessageSigning.signed(ALICE, "t", utf8("x"), 1);
        WireMessage anon = MessageSigning.anonymous("t", utf8("x"));
        assertThatThrownBy(() -> MessageSigning.check(anon, SignaturePolicy.STRICT_SIGN)).hasMessageContaining("unsigned");
        assertThatThrownBy(() -> MessageSigning.check(signed, SignaturePolicy.STRICT_NO_SIGN))
                .hasMessageContaining("anonymous");
    }

    @Test
    void malformedFieldsAreRefused() {
        WireMessage m = MessageSigning.signed(ALICE, "t", utf8("x"), 1);
        assertThatThrownBy(() -> MessageSigning.check(with(m, m.from(), m.data(), new byte[9], m.topic(),
                m.signature(), null), SignaturePolicy.STRICT_SIGN)).hasMessageContaining("9 bytes (1 to 8)");
        assertThatThrownBy(() -> MessageSigning.check(with(m, m.from(), m.data(), new byte[0], m.topic(),
                m.signature(), null), SignaturePolicy.STRICT_SIGN)).hasMessageContaining("0 bytes (1 to 8)");
        assertThatThrownBy(() -> MessageSigning.check(with(m, utf8("nope"), m.data(), m.seqno(), m.topic(),
                m.signature(), null), SignaturePolicy.STRICT_SIGN)).hasMessageContaining("not a peer ID");
        assertThatThrownBy(() -> MessageSigning.check(with(m, m.from(), m.data(), m.seqno(), null,
                m.signature(), null), SignaturePolicy.STRICT_SIGN)).hasMessageContaining("without a topic");
        assertThatThrownBy(() -> MessageSigning.check(m.signed(m.signature(), utf8("junk")),
                SignaturePolicy.STRICT_SIGN)).hasMessageContaining("malformed author key");
    }
}
