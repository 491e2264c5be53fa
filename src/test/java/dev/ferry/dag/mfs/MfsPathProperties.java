package dev.ferry.dag.mfs;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MfsPathProperties {
    @Property(tries = 2000)
    void anyTextParsesOrIsRefusedAsAnArgument(@ForAll String text) {
        try {
            MfsPath p = MfsPath.parse(text);
            for (String s : p.segments()) {
                assertThat(s).isNotEmpty().doesNotContain("/").isNotIn(".", "..");
            }
            assertThat(MfsPath.parse(p.toString()).segments()).isEqualTo(p.segments());
        } catch (MfsArgumentException expected) {
            // refused with the declared exception
        }
    }

    @Property(tries = 500)
    void parentAndChildAreInverse(@ForAll("names") String a, @ForAll("names") String b) {
        MfsPath p = MfsPath.parse("/" + a + "/" + b);
        assertThat(p.parent().child(p.name())).isEqualTo(p);
        assertThat(MfsPath.parse("/" + a).contains(p)).isTrue();
        assertThat(p.contains(MfsPath.parse("/" + a))).isFalse();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> names() {
        return net.jqwik.api.Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8);
    }

    @Test
    void cleansAsGoCleans() {
        assertThat(MfsPath.parse("/a/./b/../c//d/").toString()).isEqualTo("/a/c/d");
        assertThat(MfsPath.parse("/a/./b/../c//d/").trailingSlash()).isTrue();
        assertThat(MfsPath.parse("/../..").isRoot()).isTrue();
        assertThat(MfsPath.parse("/").trailingSlash()).isFalse();
    }
}
