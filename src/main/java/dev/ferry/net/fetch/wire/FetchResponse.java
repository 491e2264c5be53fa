package dev.ferry.net.fetch.wire;

/** A fetch answer: the value ({@link Status#OK}), none ({@link Status#NOT_FOUND}), or an error text. */
public record FetchResponse(Status status, byte[] data) {
    public enum Status { OK, NOT_FOUND, ERROR }

    public FetchResponse {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
