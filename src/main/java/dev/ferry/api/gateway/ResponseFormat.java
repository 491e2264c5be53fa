package dev.ferry.api.gateway;

/** What a request asked for, after the {@code format} parameter and the Accept header are read. */
sealed interface ResponseFormat {
    /** UnixFS files and directories (and raw bytes of other codecs), as a path gateway serves them. */
    record Deserialized() implements ResponseFormat {
    }

    /** One block, {@code application/vnd.ipld.raw}. */
    record Raw(boolean fromAccept) implements ResponseFormat {
    }

    /**
     * A CARv1 stream, {@code application/vnd.ipld.car}, always depth-first.
     *
     * @param dups        whether duplicate blocks are repeated ({@code dups=y})
     * @param scope       the dag-scope
     * @param entityBytes the requested byte range of the entity, or null
     * @param fromAccept  true when only the Accept header asked for it (a Content-Location is then returned)
     */
    record Car(boolean dups, DagScope scope, EntityBytes entityBytes, boolean fromAccept) implements ResponseFormat {
        String contentType() {
            return "application/vnd.ipld.car; version=1; order=dfs; dups=" + (dups ? "y" : "n");
        }
    }

    /**
     * One block converted to an IPLD codec: {@code application/vnd.ipld.dag-json} or {@code dag-cbor}.
     *
     * @param codec      {@code dag-json} or {@code dag-cbor}
     * @param fromAccept true when only the Accept header asked for it
     */
    record Codec(String codec, boolean fromAccept) implements ResponseFormat {
        String contentType() {
            return "application/vnd.ipld." + codec;
        }
    }

    /**
     * A UnixFS file, symlink or directory tree as a tar stream, {@code application/x-tar}.
     *
     * @param fromAccept true when only the Accept header asked for it
     */
    record Tar(boolean fromAccept) implements ResponseFormat {
        static final String CONTENT_TYPE = "application/x-tar";
    }

    /**
     * A json or cbor document as stored, {@code application/json} or {@code application/cbor}: the block of a json
     * or dag-json CID (cbor or dag-cbor for cbor) without conversion. UnixFS content asked for so is served as
     * without a format.
     *
     * @param kind       {@code json} or {@code cbor}
     * @param fromAccept true when only the Accept header asked for it
     */
    record Plain(String kind, boolean fromAccept) implements ResponseFormat {
        String contentType() {
            return "application/" + kind;
        }
    }
}
