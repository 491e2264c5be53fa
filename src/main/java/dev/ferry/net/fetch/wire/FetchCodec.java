package dev.ferry.net.fetch.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.multiformats.LengthPrefixedFrame;
import dev.ferry.multiformats.Varint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Fetch frames: a varint length, then a {@code FetchRequest} or {@code FetchResponse}. Requests are at most
 * {@link #MAX_REQUEST} bytes (a key), responses {@link #MAX_RESPONSE} (a record).
 */
public final class FetchCodec {
    public static final int MAX_REQUEST = 1024;
    public static final int MAX_RESPONSE = 64 * 1024;

    private FetchCodec() {
    }

    public static void writeRequest(OutputStream out, byte[] identifier) throws IOException {
        write(out, FetchProto.FetchRequest.newBuilder().setIdentifier(ByteString.copyFrom(identifier)).build()
                .toByteArray());
    }

    public static void writeResponse(OutputStream out, FetchResponse r) throws IOException {
        write(out, FetchProto.FetchResponse.newBuilder()
                .setStatusValue(r.status().ordinal())
                .setData(ByteString.copyFrom(r.data())).build().toByteArray());
    }

    private static void write(OutputStream out, byte[] body) throws IOException {
        Varint.write(body.length, out);
        out.write(body);
        out.flush();
    }

    /** The identifier of the next request; null at a clean end of stream. */
    public static byte[] readRequest(InputStream in) throws IOException {
        byte[] body = LengthPrefixedFrame.read(in, MAX_REQUEST, FetchWireException::new);
        if (body == null) {
            return null;
        }
        return decodeRequest(body);
    }

    public static byte[] decodeRequest(byte[] body) throws FetchWireException {
        try {
            return FetchProto.FetchRequest.parseFrom(body).getIdentifier().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new FetchWireException("not a fetch request: " + e.getMessage(), e);
        }
    }

    /** The next response; null at a clean end of stream. */
    public static FetchResponse readResponse(InputStream in) throws IOException {
        byte[] body = LengthPrefixedFrame.read(in, MAX_RESPONSE, FetchWireException::new);
        if (body == null) {
            return null;
        }
        return decodeResponse(body);
    }

    public static FetchResponse decodeResponse(byte[] body) throws FetchWireException {
        FetchProto.FetchResponse m;
        try {
            m = FetchProto.FetchResponse.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new FetchWireException("not a fetch response: " + e.getMessage(), e);
        }
        int s = m.getStatusValue();
        if (s < 0 || s >= FetchResponse.Status.values().length) {
            throw new FetchWireException("unknown fetch status " + s, null);
        }
        return new FetchResponse(FetchResponse.Status.values()[s], m.getData().toByteArray());
    }
}
