package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** Host headers of any shape: parsed or not, never an exception; a target always has one label. */
class SubdomainHostProperties {
    @Property(tries = 3000)
    void anyHostHeaderIsHandled(@ForAll @StringLength(max = 300) String host) {
        SubdomainHost.parse(host, List.of("localhost", "dweb.example")).ifPresent(t -> {
            assertThat(t.namespace()).isIn("ipfs", "ipns");
            assertThat(t.id()).isNotEmpty();
        });
    }

    @Property(tries = 1000)
    void inlinedDomainsComeBack(@ForAll("domains") String domain) {
        String label = domain.replace("-", "--").replace('.', '-');
        assertThat(SubdomainHost.nameOf(label)).isEqualTo(domain);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> domains() {
        net.jqwik.api.Arbitrary<String> label = net.jqwik.api.Arbitraries.strings().withChars("abcxyz019")
                .ofMinLength(1).ofMaxLength(8)
                .flatMap(a -> net.jqwik.api.Arbitraries.of("", "-").flatMap(dash ->
                        net.jqwik.api.Arbitraries.strings().withChars("abc").ofMinLength(1).ofMaxLength(3)
                                .map(b -> dash.isEmpty() ? a : a + dash + b)));
        return label.list().ofMinSize(2).ofMaxSize(4).map(l -> String.join(".", l));
    }
}
