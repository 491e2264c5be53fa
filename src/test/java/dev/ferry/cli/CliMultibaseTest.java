package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multibase;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry multibase ...}: Kubo's t0295-multibase cases, with no repository at all. */
@Timeout(120)
class CliMultibaseTest {
    /** Kubo's {@code multibase list --prefix --numeric} (its test/cli cid bases table): go-multibase's bases. */
    static final String TABLE = """
                    0  identity
            0      48  base2
            b      98  base32
            B      66  base32upper
            c      99  base32pad
            C      67  base32padupper
            f     102  base16
            F      70  base16upper
            k     107  base36
            K      75  base36upper
            m     109  base64
            M      77  base64pad
            t     116  base32hexpad
            T      84  base32hexpadupper
            u     117  base64url
            U      85  base64urlpad
            v     118  base32hex
            V      86  base32hexupper
            z     122  base58btc
            Z      90  base58flickr
            🚀  128640  base256emoji
            """;

    @TempDir
    Path tmp;

    private CliRun cli() {
        return new CliRun(tmp.resolve("no-repo")); // none is ever made
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void kubosCases() throws Exception {
        CliRun cli = cli();
        Path hello = Files.writeString(tmp.resolve("file"), "hello");
        Path encoded = Files.writeString(tmp.resolve("encoded"), "uaGVsbG8");
        // encode: base64url by default, no newline; stdin when no file (or '-')
        assertThat(cli.run(b("hello"), "multibase", "encode").stdout()).isEqualTo("uaGVsbG8");
        assertThat(cli.run(b("hello"), "multibase", "encode", "-").stdout()).isEqualTo("uaGVsbG8");
        assertThat(cli.run("multibase", "encode", hello.toString()).stdout()).isEqualTo("uaGVsbG8");
        assertThat(cli.run(b("hello"), "multibase", "encode", "-b", "base16").stdout()).isEqualTo("f68656c6c6f");
        assertThat(cli.run(b("hello"), "multibase", "encode", "-b", "F").stdout()).isEqualTo("F68656C6C6F");
        // decode
        assertThat(cli.run(b("uaGVsbG8"), "multibase", "decode").stdout()).isEqualTo("hello");
        assertThat(cli.run("multibase", "decode", encoded.toString()).stdout()).isEqualTo("hello");
        assertThat(cli.run(cli.run(b("hello"), "multibase", "encode", "-b", "base64").stdoutBytes(),
                "multibase", "decode").stdout()).isEqualTo("hello");
        // transcode
        assertThat(cli.run(b("uaGVsbG8"), "multibase", "transcode", "-b", "base16").stdout()).isEqualTo("f68656c6c6f");
        assertThat(cli.run("multibase", "transcode", encoded.toString(), "-b", "base16").stdout())
                .isEqualTo("f68656c6c6f");
        assertThat(cli.run(b("f68656c6c6f"), "multibase", "transcode").stdout()).isEqualTo("uaGVsbG8");
        assertThat(cli.run(b("f68656c6c6f"), "multibase", "transcode", "-b", "base2").stdout())
                .isEqualTo("00110100001100101011011000110110001101111"); // Kubo's changelog example
        assertThat(Files.exists(tmp.resolve("no-repo"))).isFalse();
    }

    @Test
    void listIsKubosTable() {
        CliRun cli = cli();
        assertThat(cli.run("multibase", "list", "--prefix", "--numeric").stdout()).isEqualTo(TABLE);
        StringBuilder names = new StringBuilder();
        StringBuilder prefixes = new StringBuilder();
        StringBuilder numeric = new StringBuilder();
        for (String line : TABLE.split("\n")) {
            // the prefix is one code point: two chars for the rocket
            int width = Character.charCount(line.codePointAt(0));
            String prefix = line.substring(0, width);
            String rest = line.substring(width + 1);
            names.append(rest.substring(9)).append('\n');
            prefixes.append(prefix).append("  ").append(rest.substring(9)).append('\n');
            numeric.append(rest).append('\n');
        }
        assertThat(cli.run("multibase", "list").stdout()).isEqualTo(names.toString());
        assertThat(cli.run("multibase", "list", "--prefix").stdout()).isEqualTo(prefixes.toString());
        assertThat(cli.run("multibase", "list", "--numeric").stdout()).isEqualTo(numeric.toString());
        assertThat(cli.run("cid", "bases", "--prefix", "--numeric").stdout()).isEqualTo(TABLE);
    }

    @Test
    void everyBaseRoundTripsAnyBytes() {
        CliRun cli = cli();
        byte[] data = new byte[300];
        new Random(9).nextBytes(data);
        data[0] = 0;
        data[1] = '\n';
        for (Multibase base : Multibase.values()) {
            CliRun.Result enc = cli.run(data, "multibase", "encode", "-b", base.baseName());
            assertThat(enc.exitCode()).as(base + enc.stderr()).isZero();
            assertThat(enc.stdoutBytes()).as(base.baseName()).isEqualTo(base.encodeToBytes(data));
            assertThat(new String(enc.stdoutBytes(), StandardCharsets.ISO_8859_1))
                    .startsWith(new String(b(base.prefix()), StandardCharsets.ISO_8859_1));
            assertThat(cli.run(enc.stdoutBytes(), "multibase", "decode").stdoutBytes()).as(base.baseName())
                    .isEqualTo(data);
            CliRun.Result again = cli.run(enc.stdoutBytes(), "multibase", "transcode", "-b", "base58btc");
            assertThat(again.stdout()).isEqualTo(Multibase.BASE58BTC.encode(data));
        }
    }

    @Test
    void badInputIsAClearError() {
        CliRun cli = cli();
        assertThat(cli.run(b("\u0119-that-should-do-the-trick"), "multibase", "decode").stderr())
                .isEqualTo("Error: failed to decode multibase: unsupported multibase prefix '\\u0119'\n");
        CliRun.Result hex = cli.run(b("f6c6f6cz"), "multibase", "decode");
        assertThat(hex.exitCode()).isEqualTo(1);
        assertThat(hex.stdout()).isEmpty();
        assertThat(hex.stderr()).isEqualTo("Error: failed to decode multibase: invalid base16 character at 6\n");
        assertThat(cli.run(b("F6c"), "multibase", "decode").stderr())
                .isEqualTo("Error: failed to decode multibase: invalid base16upper character at 1\n");
        assertThat(cli.run(b("f6c6f"), "multibase", "decode").stdout()).isEqualTo("lo");
        assertThat(cli.run(b("f6c6f6"), "multibase", "decode").stderr())
                .isEqualTo("Error: failed to decode multibase: odd base16 length 5\n");
        assertThat(cli.run(b("uaGVsbG8\n"), "multibase", "decode").stderr()).isEqualTo("Error: failed to decode "
                + "multibase: invalid base64url text (the text ends with a newline, which is not part of any base)\n");
        assertThat(cli.run(new byte[0], "multibase", "decode").stderr())
                .isEqualTo("Error: failed to decode multibase: empty multibase string\n");
        assertThat(cli.run(b("x"), "multibase", "encode", "-b", "base99").stderr())
                .isEqualTo("Error: Unsupported multibase encoding: base99\n");
        assertThat(cli.run(b("x"), "multibase", "transcode", "-b", "").stderr())
                .isEqualTo("Error: Unsupported multibase encoding: \n");
        CliRun.Result missing = cli.run("multibase", "encode", tmp.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).startsWith("Error: ").contains("nope");
        // base58 and base36 are quadratic: bounded as their decoding is
        assertThat(cli.run(new byte[6000], "multibase", "encode", "-b", "base58btc").stderr())
                .isEqualTo("Error: base58btc encodes at most 5998 bytes: 6000\n");
    }
}
