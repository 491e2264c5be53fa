package dev.ferry.exchange.ferry.request.wire;

import dev.ferry.multiformats.CidPrefix;
import java.util.Objects;

/** One frame of an answer: a header, then blocks, then an end. */
public sealed interface ResponseFrame {
    /** Status 0 = OK (blocks follow), else a {@code RefusalReason} code (nothing follows). */
    record Header(int status, String message) implements ResponseFrame {
        public Header {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A block as it travels: NOT verified. The data array is not copied. */
    record BlockFrame(CidPrefix prefix, byte[] data) implements ResponseFrame {
        public BlockFrame {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(data, "data");
        }
    }

    /** Status 0 = the whole DAG was sent, else a {@code RefusalReason} code; {@code blocks} block frames were sent. */
    record End(int status, long blocks, String message) implements ResponseFrame {
        public End {
            Objects.requireNonNull(message, "message");
            if (blocks < 0) {
                throw new IllegalArgumentException("blocks < 0");
            }
        }
    }

    /** The server is still working (a proxy fetch runs); the requester restarts its idle timer. */
    record Wait() implements ResponseFrame {}
}
