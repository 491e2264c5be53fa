package dev.ferry.exchange.ferry.proof;

import dev.ferry.exchange.ferry.oneshot.OneShotProtocol;
import dev.ferry.exchange.ferry.oneshot.OneShotWords;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.exchange.ferry.proof.wire.ProofFormatException;
import dev.ferry.exchange.ferry.proof.wire.ProofState;
import dev.ferry.exchange.ferry.proof.wire.ProofWire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * What {@code /ferry/proof/1.0.0} is to the shared one-request-per-stream mechanism: its frames, answers and words,
 * and the rule that a proof has one entry per challenged block.
 */
final class ProofProtocol implements OneShotProtocol<ProofChallenge, ProofAnswer> {
    private static final OneShotWords WORDS = new OneShotWords("proof", "challenge", "proof answer", "an answer",
            "proof handler gave no fitting answer", "challenge");

    @Override
    public String id() {
        return ProofService.PROTOCOL_ID;
    }

    @Override
    public OneShotWords words() {
        return WORDS;
    }

    @Override
    public void writeRequest(OutputStream out, ProofChallenge challenge) throws IOException {
        ProofWire.writeChallenge(out, challenge);
    }

    @Override
    public ProofChallenge readRequest(InputStream in) throws IOException {
        return ProofWire.readChallenge(in);
    }

    @Override
    public void writeAnswer(OutputStream out, ProofAnswer answer) throws IOException {
        ProofWire.writeAnswer(out, answer);
    }

    @Override
    public ProofAnswer readAnswer(InputStream in) throws IOException {
        return ProofWire.readAnswer(in);
    }

    @Override
    public boolean isMalformed(IOException e) {
        return e instanceof ProofFormatException;
    }

    @Override
    public IOException malformed(String message, Throwable cause) {
        return new ProofFormatException(message, cause);
    }

    @Override
    public IOException notSpoken(String message, Throwable cause) {
        return new ProofProtocolException(message, cause);
    }

    @Override
    public ProofAnswer busy(String message) {
        return ProofAnswer.of(ProofState.BUSY, message);
    }

    @Override
    public ProofAnswer badRequest(String decoderMessage) {
        return ProofAnswer.of(ProofState.BAD_REQUEST, decoderMessage);
    }

    @Override
    public ProofAnswer refused(String message) {
        return ProofAnswer.of(ProofState.REFUSED, message);
    }

    @Override
    public ProofAnswer handlerFailed() { // the protocol has no FAILED: a holder that cannot prove refuses
        return ProofAnswer.of(ProofState.REFUSED, "the node could not answer the challenge");
    }

    @Override
    public Optional<String> misfit(ProofChallenge challenge, ProofAnswer answer) {
        if (answer.state() == ProofState.PROOF && answer.blocks().size() != challenge.blocks().size()) {
            return Optional.of("proof of " + answer.blocks().size() + " blocks for a challenge of "
                    + challenge.blocks().size());
        }
        return Optional.empty();
    }
}
