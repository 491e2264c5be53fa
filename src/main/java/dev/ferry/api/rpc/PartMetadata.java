package dev.ferry.api.rpc;

import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.dag.unixfs.UnixfsMetadata;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A part's own UnixFS metadata, which kubo-rpc-client (and boxo's multipart reader) carry as a query after the form
 * field name: {@code file-1?mode=0644&mtime=1600000000&mtime-nsecs=5}, also on {@code dir} parts. The mode is octal;
 * mtime is seconds (may be negative), mtime-nsecs 0..999999999 and only with mtime. Other keys are ignored, as boxo
 * ignores them; a malformed query or value is a {@link MultipartException} (400).
 */
final class PartMetadata {
    private PartMetadata() {
    }

    /** The metadata in a field name, or null when it carries none. */
    static UnixfsMetadata of(String fieldName) throws MultipartException {
        int q = fieldName.indexOf('?');
        if (q < 0) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        String query = fieldName.substring(q + 1);
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), fieldName);
            String value = decode(eq < 0 ? "" : pair.substring(eq + 1), fieldName);
            params.putIfAbsent(key, value); // the first of repeated keys, as Go's url.Values.Get
        }
        Long mode = null;
        String m = params.get("mode");
        if (m != null) {
            try {
                mode = UnixfsMetadata.parseMode(m);
            } catch (IllegalArgumentException e) {
                throw new MultipartException("part \"" + fieldName + "\": " + e.getMessage());
            }
        }
        UnixTime mtime = null;
        String secs = params.get("mtime");
        String nsecs = params.get("mtime-nsecs");
        if (nsecs != null && secs == null) {
            throw new MultipartException("part \"" + fieldName + "\": mtime-nsecs requires mtime");
        }
        if (secs != null) {
            long s = number(secs, "mtime", fieldName);
            long n = nsecs == null ? 0 : number(nsecs, "mtime-nsecs", fieldName);
            try {
                mtime = UnixfsMetadata.time(s, n);
            } catch (IllegalArgumentException e) {
                throw new MultipartException("part \"" + fieldName + "\": " + e.getMessage());
            }
        }
        return mode == null && mtime == null ? null : new UnixfsMetadata(mode, mtime);
    }

    private static long number(String v, String key, String fieldName) throws MultipartException {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MultipartException("part \"" + fieldName + "\": " + key + " must be an integer: \"" + v + "\"");
        }
    }

    private static String decode(String s, String fieldName) throws MultipartException {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MultipartException("part \"" + fieldName + "\": malformed query");
        }
    }
}
