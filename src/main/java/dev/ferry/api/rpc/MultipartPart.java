package dev.ferry.api.rpc;

import java.io.InputStream;

/**
 * One part of a multipart/form-data body as kubo-rpc-client sends it.
 *
 * @param fieldName   the form field name ({@code file}, {@code file-1}, {@code dir-2}, possibly with
 *                    {@code ?mode=…&mtime=…})
 * @param fileName    the URL-decoded file name (a '/'-separated path; empty when the client gave none)
 * @param contentType the part's Content-Type ({@code application/octet-stream} when absent)
 * @param absPath     the {@code Abspath} header: where the file is on the client's machine (Kubo's CLI sends it, and
 *                    {@code add --nocopy} needs it); empty when absent
 * @param body        the part's bytes, streamed; valid until the next part is asked for
 */
public record MultipartPart(String fieldName, String fileName, String contentType, String absPath, InputStream body) {
    public boolean isDirectory() {
        return contentType.equalsIgnoreCase("application/x-directory");
    }

    public boolean isSymlink() {
        return contentType.equalsIgnoreCase("application/symlink");
    }
}
