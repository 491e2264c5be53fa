package dev.ferry.routing.prefetch;

import dev.ferry.multiformats.Cid;
import java.util.Objects;

/**
 * A successor expected after a request.
 *
 * @param cid         what is likely asked for next
 * @param count       how often it followed (decayed)
 * @param probability the share of the requests it followed, 0 to 1
 */
public record Prediction(Cid cid, double count, double probability) {
    public Prediction {
        Objects.requireNonNull(cid, "cid");
    }
}
