package dev.ferry.net.identify;

import dev.ferry.net.identify.wire.IdentifyCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Arbitrary bytes never make identify decoding throw anything but its declared exceptions. */
class IdentifyProperties {
    @Property(tries = 500)
    void codecOnlyThrowsIllegalArgument(@ForAll @Size(max = 400) byte[] input) {
        try {
            IdentifyCodec.decode(input);
        } catch (IllegalArgumentException expected) {
            // fine
        }
    }

    @Property(tries = 500)
    void streamReaderOnlyThrowsIOException(@ForAll @Size(max = 400) byte[] input) {
        try {
            IdentifyService.readAll(new ByteArrayInputStream(input));
        } catch (IOException expected) {
            // fine
        }
    }
}
