package dev.ferry.routing.dnslink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class DnsWireProperties {
    @Property(tries = 3000)
    void arbitraryBytesGiveRecordsOrTheDeclaredException(@ForAll @Size(max = 600) byte[] message) {
        try {
            DnsWire.txtAnswers(message, "a.io");
        } catch (DnsWireException expected) {
            // refused with the declared exception
        }
    }

    /** A valid answer with bytes flipped: still records or the declared exception, never anything else. */
    @Property(tries = 2000)
    void corruptedAnswersAreContained(@ForAll("records") List<List<String>> records, @ForAll int position,
                                      @ForAll byte value) {
        DnsWireTest.Answer a = new DnsWireTest.Answer(0, 0x8180, "a.io");
        records.forEach(r -> a.txtAtQuestion(r.toArray(String[]::new)));
        byte[] m = a.bytes();
        m[Math.floorMod(position, m.length)] = value;
        try {
            DnsWire.txtAnswers(m, "a.io");
        } catch (DnsWireException expected) {
            // refused with the declared exception
        }
    }

    @Property(tries = 500)
    void recordsRoundTrip(@ForAll("records") List<List<String>> records) throws Exception {
        DnsWireTest.Answer a = new DnsWireTest.Answer(0, 0x8180, "a.io");
        List<String> joined = new ArrayList<>();
        for (List<String> r : records) {
            a.txtAtQuestion(r.toArray(String[]::new));
            joined.add(String.join("", r));
        }
        assertThat(DnsWire.txtAnswers(a.bytes(), "a.io")).isEqualTo(joined);
    }

    @Provide
    Arbitrary<List<List<String>>> records() {
        Arbitrary<String> s = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80);
        return s.list().ofMinSize(1).ofMaxSize(4).list().ofMaxSize(6);
    }
}
