package dev.ferry.api.rpc;

/**
 * Bounds on what a caller may send in a multipart body. Everything except part bodies is held in memory, so each
 * of these caps the memory a request can take; part bodies are streamed.
 *
 * @param maxParts        parts per request
 * @param maxHeaderLine   bytes in one part header line
 * @param maxHeaders      header lines per part
 * @param maxFileName     characters in a decoded file name (a path inside the upload)
 * @param maxPreamble     bytes skipped before the first boundary
 */
public record MultipartLimits(int maxParts, int maxHeaderLine, int maxHeaders, int maxFileName, int maxPreamble) {
    public MultipartLimits {
        if (maxParts < 1 || maxHeaderLine < 64 || maxHeaders < 1 || maxFileName < 1 || maxPreamble < 0) {
            throw new IllegalArgumentException("multipart limits out of range");
        }
    }

    public static MultipartLimits defaults() {
        return new MultipartLimits(100_000, 8192, 16, 4096, 64 * 1024);
    }

    public MultipartLimits withMaxParts(int n) {
        return new MultipartLimits(n, maxHeaderLine, maxHeaders, maxFileName, maxPreamble);
    }
}
