package dev.ferry.net.host;

import dev.ferry.net.mux.yamux.YamuxConfig;
import dev.ferry.net.mux.yamux.YamuxMuxer;
import dev.ferry.net.mux.yamux.YamuxSession;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;

/** Yamux ({@code /yamux/1.0.0}) as the host's stream muxer; inbound streams are taken with {@code accept()}. */
final class YamuxAdapter implements StreamMuxer {
    private final YamuxMuxer muxer;

    YamuxAdapter(YamuxConfig config) {
        this.muxer = new YamuxMuxer(config);
    }

    @Override
    public String protocolId() {
        return YamuxMuxer.PROTOCOL_ID;
    }

    @Override
    public MuxedConnection start(DuplexStream secured, boolean initiator) {
        YamuxSession session = muxer.start(secured, initiator, null);
        return new MuxedConnection() {
            @Override
            public DuplexStream openStream() throws IOException {
                return session.openStream();
            }

            @Override
            public DuplexStream acceptStream() throws IOException {
                try {
                    return session.accept();
                } catch (IOException e) {
                    if (session.isClosed()) {
                        return null;
                    }
                    throw e;
                }
            }

            @Override
            public boolean isOpen() {
                return !session.isClosed();
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }
}
