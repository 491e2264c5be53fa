package dev.ferry.routing.dnslink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The DNS text handling on arbitrary input: never an exception, and only well-formed links come out. */
class DnsLinkProperties {
    @Property(tries = 3000)
    void txtTextOfAnyShapeIsRead(@ForAll @StringLength(max = 600) String jndiText) {
        String t = JndiTxtLookup.unquote(jndiText);
        assertThat(t.length()).isLessThanOrEqualTo(jndiText.length());
    }

    @Property(tries = 2000)
    void onlyWellFormedLinksArePicked(@ForAll @Size(max = 6) List<@StringLength(max = 80) String> records) {
        DnsLink.pick(records).ifPresent(p -> assertThat(p).matches("/ip[fn]s/[^/]+.*"));
    }

    @Property(tries = 3000)
    void anyTextIsOrIsNotADomainWithoutFailing(@ForAll @StringLength(max = 300) String text) {
        if (DnsLink.isDomain(text)) {
            assertThat(text).contains(".").doesNotContain(" ", "/");
        }
    }
}
