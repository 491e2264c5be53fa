package dev.ferry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on 127.0.0.1 (UDP) for tests: answers TXT queries from a table, NXDOMAIN for names not in it. Each TXT
 * string is sent as one record, split into character-strings of at most 255 bytes.
 */
public final class TestDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final Thread loop;

    public TestDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        loop = Thread.ofVirtual().start(this::serve);
    }

    /** {@code host:port} of the server. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public void setTxt(String name, List<String> records) {
        txt.put(name.toLowerCase(Locale.ROOT), records);
    }

    public int queries() {
        return queries.get();
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                byte[] answer = answer(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                // closed, or a query this server does not understand
            }
        }
    }

    private byte[] answer(byte[] q) {
        if (q.length < 12) {
            return null;
        }
        queries.incrementAndGet();
        int at = 12;
        StringBuilder name = new StringBuilder();
        while (q[at] != 0) {
            int len = q[at] & 0xff;
            name.append(name.isEmpty() ? "" : ".").append(new String(q, at + 1, len, StandardCharsets.US_ASCII));
            at += len + 1;
        }
        int qtype = ((q[at + 1] & 0xff) << 8) | (q[at + 2] & 0xff);
        int questionEnd = at + 5;
        List<String> records = qtype == 16 ? txt.get(name.toString().toLowerCase(Locale.ROOT)) : List.of();
        boolean known = txt.containsKey(name.toString().toLowerCase(Locale.ROOT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x81); // response, recursion desired
        out.write(known ? 0x80 : 0x83); // recursion available; NXDOMAIN when unknown
        int count = records == null ? 0 : records.size();
        out.writeBytes(new byte[] {0, 1, (byte) (count >> 8), (byte) count, 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        for (int i = 0; i < count; i++) {
            byte[] text = records.get(i).getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream rdata = new ByteArrayOutputStream();
            for (int off = 0; off < text.length || off == 0; off += 255) {
                int n = Math.min(255, text.length - off);
                rdata.write(n);
                rdata.write(text, off, n);
                if (text.length == 0) {
                    break;
                }
            }
            out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60});
            out.write(rdata.size() >> 8);
            out.write(rdata.size());
            out.writeBytes(rdata.toByteArray());
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
        loop.interrupt();
    }
}
