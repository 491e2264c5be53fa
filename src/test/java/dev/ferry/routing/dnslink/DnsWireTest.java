package dev.ferry.routing.dnslink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsWireTest {
    /** Builds answers by hand: header, the question, then records whose names may point back to the question's. */
    static final class Answer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int records;

        Answer(int id, int flags, String question) {
            u16(id);
            u16(flags);
            u16(1);
            u16(0); // answer count, set in bytes()
            u16(0);
            u16(0);
            name(question);
            u16(16);
            u16(1);
        }

        void u16(int v) {
            out.write(v >> 8);
            out.write(v);
        }

        void name(String n) {
            for (String l : n.split("\\.")) {
                byte[] b = l.getBytes(StandardCharsets.UTF_8);
                out.write(b.length);
                out.writeBytes(b);
            }
            out.write(0);
        }

        /** A TXT record owned by the question's name, through a compression pointer to offset 12. */
        Answer txtAtQuestion(String... strings) {
            out.write(0xC0);
            out.write(12);
            return txtData(strings);
        }

        Answer txt(String owner, String... strings) {
            name(owner);
            return txtData(strings);
        }

        private Answer txtData(String... strings) {
            u16(16);
            u16(1);
            u16(0);
            u16(60);
            ByteArrayOutputStream d = new ByteArrayOutputStream();
            for (String s : strings) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                d.write(b.length);
                d.writeBytes(b);
            }
            u16(d.size());
            out.writeBytes(d.toByteArray());
            records++;
            return this;
        }

        Answer cname(String owner, String target) {
            name(owner);
            u16(5);
            u16(1);
            u16(0);
            u16(60);
            ByteArrayOutputStream d = new ByteArrayOutputStream();
            for (String l : target.split("\\.")) {
                d.write(l.length());
                d.writeBytes(l.getBytes(StandardCharsets.UTF_8));
            }
            d.write(0);
            u16(d.size());
            out.writeBytes(d.toByteArray());
            records++;
            return this;
        }

        byte[] bytes() {
            byte[] b = out.toByteArray();
            b[6] = (byte) (records >> 8);
            b[7] = (byte) records;
            return b;
        }
    }

    @Test
    void theQueryIsRfc1035WithIdZero() throws Exception {
        assertThat(HexFormat.of().formatHex(DnsWire.txtQuery("_dnslink.a.io")))
                .isEqualTo("000001000001000000000000" + "085f646e736c696e6b" + "0161" + "02696f" + "00" + "00100001");
        assertThat(DnsWire.txtQuery("a.io.")).isEqualTo(DnsWire.txtQuery("a.io"));
        assertThatThrownBy(() -> DnsWire.txtQuery("a..io")).isInstanceOf(DnsWireException.class);
        assertThatThrownBy(() -> DnsWire.txtQuery("x".repeat(64) + ".io")).isInstanceOf(DnsWireException.class);
        assertThatThrownBy(() -> DnsWire.txtQuery(("abcdefghi.").repeat(26) + "io")).hasMessageContaining("255");
    }

    @Test
    void answersWithPointersChainsAndCase() throws Exception {
        byte[] m = new Answer(0, 0x8180, "_dnslink.a.io").txtAtQuestion("dnslink=", "/ipfs/x")
                .txt("_DNSLINK.A.IO", "second").txt("other.io", "not ours").bytes();
        assertThat(DnsWire.txtAnswers(m, "_dnslink.a.io")).containsExactly("dnslink=/ipfs/x", "second");
        byte[] chain = new Answer(0, 0x8180, "_dnslink.alias.io").txt("_dnslink.target.io", "at the end")
                .cname("_dnslink.mid.io", "_dnslink.target.io").cname("_dnslink.alias.io", "_dnslink.mid.io").bytes();
        assertThat(DnsWire.txtAnswers(chain, "_dnslink.alias.io")).containsExactly("at the end");
    }

    @Test
    void statusesAndRefusals() {
        assertThat(call(new Answer(0, 0x8183, "a.io").bytes())).isEqualTo("[]"); // NXDOMAIN
        assertThat(call(new Answer(0, 0x8182, "a.io").bytes())).contains("error code 2");
        assertThat(call(new Answer(7, 0x8180, "a.io").bytes())).contains("another query");
        assertThat(call(new Answer(0, 0x0100, "a.io").bytes())).contains("a query");
        assertThat(call(new Answer(0, 0x8380, "a.io").bytes())).contains("truncated");
        byte[] loop = new Answer(0, 0x8180, "a.io").txtAtQuestion("x").bytes();
        loop[12] = (byte) 0xC0; // the question's name points at itself
        loop[13] = 12;
        assertThat(call(loop)).contains("loop");
        byte[] overrun = new Answer(0, 0x8180, "a.io").txtAtQuestion("abc").bytes();
        assertThat(call(java.util.Arrays.copyOf(overrun, overrun.length - 2))).contains("truncated");
        byte[] badString = new Answer(0, 0x8180, "a.io").txtAtQuestion("abc").bytes();
        badString[badString.length - 4] = 9; // the string says 9 bytes, the record holds 3
        assertThat(call(badString)).contains("overruns");
        assertThat(call(new byte[5])).contains("truncated");
    }

    private static String call(byte[] m) {
        try {
            return DnsWire.txtAnswers(m, "a.io").toString();
        } catch (DnsWireException e) {
            return e.getMessage();
        }
    }

    @Test
    void answerCountsBeyondTheMessageAreRefused() {
        byte[] m = new Answer(0, 0x8180, "a.io").bytes();
        m[6] = (byte) 0xFF;
        m[7] = (byte) 0xFF;
        assertThat(call(m)).contains("runs past").doesNotContain("[]");
        assertThat(List.of(call(m))).hasSize(1);
    }
}
