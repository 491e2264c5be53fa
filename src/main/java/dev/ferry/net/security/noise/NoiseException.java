package dev.ferry.net.security.noise;

import java.io.IOException;

/** A Noise handshake or transport failure: the connection is unusable afterwards. */
public class NoiseException extends IOException {
    public NoiseException(String message) {
        super(message);
    }

    public NoiseException(String message, Throwable cause) {
        super(message, cause);
    }
}
