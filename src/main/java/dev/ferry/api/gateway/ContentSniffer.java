package dev.ferry.api.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Guesses a file's Content-Type from its name's extension, else from its first bytes. Stateless. */
final class ContentSniffer {
    /** Bytes of the file looked at. */
    static final int HEAD = 512;
    static final String TEXT = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final String BINARY = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", HTML), Map.entry("htm", HTML), Map.entry("txt", TEXT),
            Map.entry("md", "text/markdown; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("xml", "application/xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("svg", "image/svg+xml"), Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"), Map.entry("pdf", "application/pdf"), Map.entry("wasm",
                    "application/wasm"), Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("woff2", "font/woff2"), Map.entry("csv",
                    "text/csv; charset=utf-8"), Map.entry("car", "application/vnd.ipld.car"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"));

    private ContentSniffer() {
    }

    /**
     * @param name  the file name (last path segment or {@code filename} parameter), or null
     * @param head  the first bytes of the file (up to {@link #HEAD})
     * @param whole whether {@code head} is the whole file
     */
    static String contentType(String name, byte[] head, boolean whole) {
        if (name != null) {
            int dot = name.lastIndexOf('.');
            if (dot >= 0 && dot < name.length() - 1) {
                String byExt = BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
                if (byExt != null) {
                    return byExt;
                }
            }
        }
        return byContent(head, whole);
    }

    static String byContent(byte[] head, boolean whole) {
        if (head.length == 0) {
            return TEXT;
        }
        if (startsWith(head, "%PDF-")) {
            return "application/pdf";
        }
        if (head.length >= 8 && (head[0] & 0xff) == 0x89 && startsWith(head, 1, "PNG\r\n\u001a\n")) {
            return "image/png";
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (startsWith(head, "GIF87a") || startsWith(head, "GIF89a")) {
            return "image/gif";
        }
        String text = utf8(head, whole);
        if (text == null) {
            return BINARY;
        }
        String t = text.stripLeading();
        if (t.startsWith("\uFEFF")) {
            t = t.substring(1).stripLeading();
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("<svg") || (lower.startsWith("<?xml") && lower.contains("<svg"))) {
            return "image/svg+xml";
        }
        for (String tag : new String[] {"<!doctype html", "<html", "<head", "<body", "<script", "<title", "<iframe",
            "<h1", "<div", "<font", "<table", "<a ", "<style", "<p>", "<p ", "<br", "<!--"}) {
            if (lower.startsWith(tag)) {
                return HTML;
            }
        }
        if (lower.startsWith("<?xml")) {
            return "text/xml; charset=utf-8";
        }
        if ((t.startsWith("{") || t.startsWith("[")) && (!whole || t.strip().endsWith("}") || t.strip().endsWith(
                "]"))) {
            return "application/json";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) || c == 0x7f) {
                return BINARY;
            }
        }
        return TEXT;
    }

    /** The bytes as UTF-8, a sequence cut at the end of a partial head allowed; null when not UTF-8. */
    private static String utf8(byte[] head, boolean whole) {
        int end = head.length;
        if (!whole) {
            // drop an incomplete multi-byte sequence at the cut
            int i = end - 1;
            int back = 0;
            while (i >= 0 && back < 3 && (head[i] & 0xc0) == 0x80) {
                i--;
                back++;
            }
            if (i >= 0 && (head[i] & 0x80) != 0) {
                int lead = head[i] & 0xff;
                int need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
                if (end - i < need) {
                    end = i;
                }
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, end)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] b, String prefix) {
        return startsWith(b, 0, prefix);
    }

    private static boolean startsWith(byte[] b, int at, String prefix) {
        if (b.length < at + prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if ((b[at + i] & 0xff) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
