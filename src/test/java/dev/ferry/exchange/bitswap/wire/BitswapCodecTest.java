package dev.ferry.exchange.bitswap.wire;

import dev.ferry.multiformats.CidPrefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class BitswapCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] HELLO = "hello world\n".getBytes(StandardCharsets.US_ASCII);
    private static final Cid HELLO_RAW = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");

    private static byte[] hex(String annotated) {
        StringBuilder sb = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int hash = line.indexOf('#');
            sb.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s", ""));
        }
        return HEX.parseHex(sb.toString());
    }

    @Test
    void wantHaveEntryKnownAnswer() throws Exception {
        byte[] expected = hex("""
                0a 2e                      # wantlist, 46 bytes
                  0a 2c                    # entry, 44 bytes
                    0a 24 01551220 %s      # block = binary CID (36 bytes)
                    10 01                  # priority 1
                    20 01                  # wantType Have
                    28 01                  # sendDontHave
                """.formatted(HEX.formatHex(HELLO_RAW.multihash().digest())));
        BitswapMessage m = BitswapMessage.ofWants(List.of(WantEntry.wantHave(HELLO_RAW, 1, true)));
        assertThat(BitswapCodec.encode(m, BitswapProtocol.V120)).isEqualTo(expected);
        BitswapMessage back = BitswapCodec.decode(expected);
        assertThat(back.wants()).containsExactly(WantEntry.wantHave(HELLO_RAW, 1, true));
        assertThat(back.full()).isFalse();
    }

    @Test
    void payloadAndPresenceKnownAnswer() throws Exception {
        String digest = HEX.formatHex(HELLO_RAW.multihash().digest());
        byte[] expected = hex("""
                1a 14                      # payload block, 20 bytes
                  0a 04 01551220           # prefix: v1 raw sha2-256/32
                  12 0c 68656c6c6f20776f726c640a   # data "hello world\\n"
                22 28                      # block presence, 40 bytes
                  0a 24 01551220 %s        # cid
                  10 01                    # DontHave
                """.formatted(digest));
        BitswapMessage m = BitswapMessage.ofBlocks(List.of(Payload.of(HELLO_RAW, HELLO)),
                List.of(new BlockPresence(HELLO_RAW, PresenceType.DONT_HAVE)));
        assertThat(BitswapCodec.encode(m, BitswapProtocol.V120)).isEqualTo(expected);
        BitswapMessage back = BitswapCodec.decode(expected);
        assertThat(back.blocks()).hasSize(1);
        assertThat(back.blocks().getFirst().cid()).isEqualTo(HELLO_RAW);
        assertThat(back.blocks().getFirst().data()).isEqualTo(HELLO);
        assertThat(back.presences()).containsExactly(new BlockPresence(HELLO_RAW, PresenceType.DONT_HAVE));
    }

    @Test
    void version100SendsRawBlocksAndNoPresences() throws Exception {
        BitswapMessage m = new BitswapMessage(List.of(WantEntry.wantHave(HELLO_RAW, 5, true)), true,
                List.of(Payload.of(HELLO_RAW, HELLO)), List.of(new BlockPresence(HELLO_RAW, PresenceType.HAVE)), 0);
        byte[] body = BitswapCodec.encode(m, BitswapProtocol.V100);
        // wantlist: one want-block entry (no type, no send-dont-have), full; then the raw block in field 2
        assertThat(HEX.formatHex(body)).isEqualTo("0a2c0a280a24" + "01551220"
                + HEX.formatHex(HELLO_RAW.multihash().digest()) + "10051001" + "120c68656c6c6f20776f726c640a");
        BitswapMessage back = BitswapCodec.decode(body);
        assertThat(back.wants()).containsExactly(WantEntry.wantBlock(HELLO_RAW, 5, false));
        assertThat(back.full()).isTrue();
        assertThat(back.presences()).isEmpty();
        assertThat(back.blocks().getFirst().prefix()).isEqualTo(CidPrefix.V0);
        assertThat(back.blocks().getFirst().cid().multihash()).isEqualTo(Multihash.sha256(HELLO));
    }

    @Test
    void framingReadsASequenceUntilEof() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitswapMessage a = BitswapMessage.ofWants(List.of(WantEntry.wantBlock(HELLO_RAW, 1, true)));
        BitswapMessage b = BitswapMessage.ofWants(List.of(WantEntry.cancel(HELLO_RAW)));
        BitswapCodec.write(out, a, BitswapProtocol.V120);
        BitswapCodec.write(out, b, BitswapProtocol.V120);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(BitswapCodec.read(in, BitswapCodec.MAX_MESSAGE_SIZE).wants()).isEqualTo(a.wants());
        assertThat(BitswapCodec.read(in, BitswapCodec.MAX_MESSAGE_SIZE).wants()).isEqualTo(b.wants());
        assertThat(BitswapCodec.read(in, BitswapCodec.MAX_MESSAGE_SIZE)).isNull();
    }

    @Test
    void lyingLengthFailsBeforeReading() throws Exception {
        // claims 1 GiB and then ends: rejected from the prefix alone
        byte[] lie = HEX.parseHex("8080808004" + "0a00");
        assertThatThrownBy(() -> BitswapCodec.readFrame(new ByteArrayInputStream(lie), BitswapCodec.MAX_MESSAGE_SIZE))
                .isInstanceOf(BitswapWireException.class).hasMessageContaining("exceeds");
        // within the cap but truncated
        assertThatThrownBy(() -> BitswapCodec.readFrame(new ByteArrayInputStream(HEX.parseHex("0a0a00")), 100))
                .isInstanceOf(BitswapWireException.class).hasMessageContaining("ended");
        // twin: the same length with its bytes present is fine
        byte[] ok = HEX.parseHex("020a00");
        assertThat(BitswapCodec.readFrame(new ByteArrayInputStream(ok), 100)).hasSize(2);
    }

    @Test
    void oversizedBlockIsRejectedAndTwinPasses() throws Exception {
        byte[] big = new byte[BitswapCodec.MAX_BLOCK_SIZE + 1];
        byte[] body = BitswapCodec.encode(BitswapMessage.ofBlocks(List.of(new Payload(CidPrefix.of(HELLO_RAW), big)),
                List.of()), BitswapProtocol.V120);
        assertThatThrownBy(() -> BitswapCodec.decode(body)).isInstanceOf(BitswapWireException.class);
        byte[] max = new byte[BitswapCodec.MAX_BLOCK_SIZE];
        byte[] okBody = BitswapCodec.encode(BitswapMessage.ofBlocks(List.of(new Payload(CidPrefix.of(HELLO_RAW), max)),
                List.of()), BitswapProtocol.V120);
        assertThat(BitswapCodec.decode(okBody).blocks().getFirst().data()).hasSize(BitswapCodec.MAX_BLOCK_SIZE);
    }

    @Test
    void unknownEnumValuesAndBadCidsAreRejected() {
        String cid = "0a24" + "01551220" + HEX.formatHex(HELLO_RAW.multihash().digest());
        // want type 7
        assertThatThrownBy(() -> BitswapCodec.decode(HEX.parseHex("0a2a0a28" + cid + "2007")))
                .isInstanceOf(BitswapWireException.class);
        // presence type 2
        assertThatThrownBy(() -> BitswapCodec.decode(HEX.parseHex("2228" + cid + "1002")))
                .isInstanceOf(BitswapWireException.class);
        // a CID that is not one
        assertThatThrownBy(() -> BitswapCodec.decode(HEX.parseHex("0a060a040a02ffff")))
                .isInstanceOf(BitswapWireException.class);
    }
}
