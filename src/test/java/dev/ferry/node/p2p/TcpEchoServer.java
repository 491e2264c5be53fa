package dev.ferry.node.p2p;

import dev.ferry.multiformats.Multiaddr;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP target on 127.0.0.1 for tunnel tests: echoes every byte, and shuts its output once the client has shut its
 * own. With {@code firstLine} on, it first reads one line (the peer ID a listener reports) and keeps it.
 */
public final class TcpEchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final boolean firstLine;
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<Socket> accepted = new CopyOnWriteArrayList<>();

    public TcpEchoServer(boolean firstLine) throws IOException {
        this.firstLine = firstLine;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public Multiaddr address() {
        return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + server.getLocalPort());
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.add(s);
                Thread.ofVirtual().start(() -> echo(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void echo(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            if (firstLine) {
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    line.append((char) c);
                }
                lines.add(line.toString());
            }
            in.transferTo(s.getOutputStream());
            s.shutdownOutput();
        } catch (IOException e) {
            // the tunnel was reset: nothing to echo any more
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
