package dev.ferry.policy.pinning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The pinning tables read damaged files (a truncation, a changed character, inserted text) into a table of what
 * still parses whole, or a clear error naming the file; never into another exception.
 */
class TableFileProperties {
    private static final String GOOD_HELD = HeldReplicas.MAGIC + "\n"
            + "held QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
            + " KEPT 1234 1700000000000 -\nend 1\n";
    private static final String GOOD_POLICY = PolicyPins.MAGIC + "\n"
            + "pin QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u important\n"
            + "holder 12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq CONFIRMED 1700000000000 99\n"
            + "service svc 8f2c-11 CONFIRMED\n"
            + "retired 12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u\n"
            + "retired-service svc 77aa\n"
            + "end 1 1 1 1 1\n";

    /** A named pin: "my site ✓" in unpadded base64url. */
    private static final String GOOD_NAMED_POLICY = PolicyPins.MAGIC + "\n"
            + "pin QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u important bXkgc2l0ZSDinJM\n"
            + "end 1 0 0 0 0\n";

    @Provide
    Arbitrary<String> damaged() {
        Arbitrary<String> base = Arbitraries.of(GOOD_HELD, GOOD_POLICY, GOOD_NAMED_POLICY);
        return base.flatMap(b -> Arbitraries.integers().between(0, b.length() - 1).flatMap(at ->
                Arbitraries.oneOf(
                        Arbitraries.just(b.substring(0, at)), // truncated
                        Arbitraries.chars().map(c -> b.substring(0, at) + c + b.substring(at + 1)), // one char changed
                        Arbitraries.strings().ofMaxLength(20).map(s -> b.substring(0, at) + s + b.substring(at)))));
    }

    @Property(tries = 400)
    void damagedTablesAreReadOrRefusedWithTheirName(@ForAll("damaged") String content) throws IOException {
        Path dir = Files.createTempDirectory("table");
        try {
            Path file = dir.resolve("t");
            Files.write(file, content.getBytes(StandardCharsets.UTF_8));
            try {
                if (content.startsWith(HeldReplicas.MAGIC)) {
                    HeldReplicas t = HeldReplicas.open(file);
                    assertThat(t.size()).isLessThanOrEqualTo(1);
                } else {
                    PolicyPins t = PolicyPins.open(file, 0);
                    assertThat(t.list().size()).isLessThanOrEqualTo(1);
                }
            } catch (IllegalStateException | UncheckedIOException e) {
                assertThat(e.getMessage()).contains(file.toString());
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
