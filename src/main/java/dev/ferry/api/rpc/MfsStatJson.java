package dev.ferry.api.rpc;

import dev.ferry.dag.mfs.Mfs;
import dev.ferry.dag.mfs.MfsStat;
import dev.ferry.dag.mfs.UnixMode;
import dev.ferry.multiformats.CidEncoder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Kubo's JSON for {@code files stat}: one shape for the RPC answer and the CLI's {@code --enc=json}. */
public final class MfsStatJson {
    private MfsStatJson() {
    }

    /**
     * The files/stat answer: {@code {"Hash","Size","CumulativeSize","Blocks","Type"}}, with a locality
     * {@code "WithLocality"} and (left out when false or 0, Kubo's omitempty) {@code "Local"}, {@code "SizeLocal"},
     * then the metadata ({@link #putMetadata}). Also the CLI's {@code --enc=json} form, so both say the same.
     */
    public static Map<String, Object> of(MfsStat s, CidEncoder enc, Mfs.Locality localOrNull) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Hash", enc.encode(s.cid()));
        out.put("Size", s.size());
        out.put("CumulativeSize", s.cumulativeSize());
        out.put("Blocks", s.blocks());
        out.put("Type", s.type());
        if (localOrNull != null) {
            out.put("WithLocality", true);
            if (localOrNull.complete()) {
                out.put("Local", true);
            }
            if (localOrNull.bytes() != 0) {
                out.put("SizeLocal", localOrNull.bytes());
            }
        }
        putMetadata(out, s);
        return out;
    }

    /**
     * Kubo's Mtime, MtimeNsecs and Mode of {@code files stat}, each left out when 0 (Go's omitempty), in Kubo's order;
     * Mode is Go's {@code os.FileMode} in octal text (see {@link UnixMode}).
     */
    public static void putMetadata(Map<String, Object> out, MfsStat s) {
        if (s.mtime() != null) {
            if (s.mtime().seconds() != 0) {
                out.put("Mtime", s.mtime().seconds());
            }
            if (s.mtime().nanos() != null) {
                out.put("MtimeNsecs", s.mtime().nanos());
            }
        }
        long mode = s.kuboMode();
        if (mode != 0) {
            out.put("Mode", String.format(Locale.ROOT, "%04o", mode));
        }
    }
}
