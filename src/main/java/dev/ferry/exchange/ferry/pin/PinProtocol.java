package dev.ferry.exchange.ferry.pin;

import dev.ferry.exchange.ferry.oneshot.OneShotProtocol;
import dev.ferry.exchange.ferry.oneshot.OneShotWords;
import dev.ferry.exchange.ferry.pin.wire.PinFormatException;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinState;
import dev.ferry.exchange.ferry.pin.wire.PinWire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** What {@code /ferry/pin/1.0.0} is to the shared one-request-per-stream mechanism: its frames, answers and words. */
final class PinProtocol implements OneShotProtocol<PinRequest, PinReply> {
    private static final OneShotWords WORDS = new OneShotWords("pin", "pin request", "pin reply", "a reply",
            "pin handler returned no reply", "request");

    @Override
    public String id() {
        return PinService.PROTOCOL_ID;
    }

    @Override
    public OneShotWords words() {
        return WORDS;
    }

    @Override
    public void writeRequest(OutputStream out, PinRequest request) throws IOException {
        PinWire.writeRequest(out, request);
    }

    @Override
    public PinRequest readRequest(InputStream in) throws IOException {
        return PinWire.readRequest(in);
    }

    @Override
    public void writeAnswer(OutputStream out, PinReply answer) throws IOException {
        PinWire.writeReply(out, answer);
    }

    @Override
    public PinReply readAnswer(InputStream in) throws IOException {
        return PinWire.readReply(in);
    }

    @Override
    public boolean isMalformed(IOException e) {
        return e instanceof PinFormatException;
    }

    @Override
    public IOException malformed(String message, Throwable cause) {
        return new PinFormatException(message, cause);
    }

    @Override
    public IOException notSpoken(String message, Throwable cause) {
        return new PinProtocolException(message, cause);
    }

    @Override
    public PinReply busy(String message) {
        return PinReply.of(PinState.BUSY, message);
    }

    @Override
    public PinReply badRequest(String decoderMessage) {
        return PinReply.of(PinState.BAD_REQUEST, PinReply.fitting(decoderMessage));
    }

    @Override
    public PinReply refused(String message) {
        return PinReply.of(PinState.REFUSED, message);
    }

    @Override
    public PinReply handlerFailed() {
        return PinReply.of(PinState.FAILED, "the node could not handle the request");
    }
}
