package dev.ferry.net.host;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.transport.DuplexStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * TCP for the host: {@code /ip4/<addr>/tcp/<port>} and {@code /ip6/<addr>/tcp/<port>}, blocking sockets on virtual
 * threads, TCP_NODELAY, 64 KiB buffers on each side (a Noise frame fits in one).
 */
final class TcpHostTransport implements HostTransport {
    static final int BUFFER = 64 * 1024 + 64;

    @Override
    public Listener listen(Multiaddr address) throws IOException {
        InetSocketAddress at = socketAddress(address);
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(at, 128);
        Multiaddr bound = toMultiaddr(server.getInetAddress(), server.getLocalPort());
        return new Listener() {
            @Override
            public Multiaddr address() {
                return bound;
            }

            @Override
            public DuplexStream accept() throws IOException {
                return new SocketStream(server.accept());
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
    }

    @Override
    public DuplexStream dial(Multiaddr address, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(socketAddress(address), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return new SocketStream(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    static InetSocketAddress socketAddress(Multiaddr a) throws IOException {
        String host = a.valueOf("ip4").or(() -> a.valueOf("ip6"))
                .orElseThrow(() -> new IOException("not an ip4/ip6 address: " + a));
        String port = a.valueOf("tcp").orElseThrow(() -> new IOException("not a tcp address: " + a));
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
    }

    static Multiaddr toMultiaddr(InetAddress ip, int port) {
        String proto = ip instanceof Inet6Address ? "ip6" : "ip4";
        String host = ip.getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        return Multiaddr.parse("/" + proto + "/" + host + "/tcp/" + port);
    }

    /** A connected socket as a {@link DuplexStream}. */
    static final class SocketStream implements DuplexStream {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String remote;
        private final String local;
        private final AtomicBoolean writeClosed = new AtomicBoolean();

        SocketStream(Socket socket) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
            OutputStream buffered = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
            this.out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    buffered.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    buffered.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    buffered.flush();
                }

                @Override
                public void close() throws IOException {
                    closeWrite();
                }
            };
            this.remote = toMultiaddr(socket.getInetAddress(), socket.getPort()).toString();
            this.local = toMultiaddr(socket.getLocalAddress(), socket.getLocalPort()).toString();
        }

        @Override
        public InputStream in() {
            return in;
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public void closeWrite() throws IOException {
            if (writeClosed.compareAndSet(false, true)) {
                out.flush();
                socket.shutdownOutput();
            }
        }

        @Override
        public void reset() {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (!writeClosed.get() && !socket.isClosed()) {
                    out.flush();
                }
            } catch (IOException ignored) {
                // the peer may be gone; close regardless
            } finally {
                socket.close();
            }
        }

        @Override
        public String remoteAddress() {
            return remote;
        }

        @Override
        public String localAddress() {
            return local;
        }
    }
}
