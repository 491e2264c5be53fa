package dev.ferry.api.gateway;

import dev.ferry.api.gateway.ResponseFormat.Car;
import dev.ferry.api.gateway.ResponseFormat.Deserialized;
import dev.ferry.api.gateway.ResponseFormat.Raw;
import java.util.List;

/**
 * Chooses the response format: {@code ?format=} wins over Accept; CAR parameters come from {@code car-*} query
 * parameters first, then from the Accept entry's parameters.
 */
final class FormatNegotiation {
    static final String RAW = "application/vnd.ipld.raw";
    static final String CAR = "application/vnd.ipld.car";
    static final String IPNS_RECORD = "application/vnd.ipfs.ipns-record";

    private FormatNegotiation() {
    }

    /**
     * <p>Only for content paths: an {@code /ipns/} request for the record itself is answered before this.
     *
     * @throws GatewayException 400 for an unknown format, bad CAR parameters or an IPNS record (a content path has
     *                          none), 406 when Accept names only CAR variants this gateway cannot produce
     */
    static ResponseFormat choose(QueryParams query, String accept) {
        List<MediaRange> ranges = AcceptHeader.parse(accept);
        String format = query.get("format").orElse(null);
        if (format != null && !format.isEmpty()) {
            return switch (format) {
                case "raw" -> new Raw(false);
                case "car" -> car(query, carEntry(ranges), false);
                case "dag-json", "dag-cbor" -> new ResponseFormat.Codec(format, false);
                case "json", "cbor" -> new ResponseFormat.Plain(format, false);
                case "tar" -> new ResponseFormat.Tar(false);
                case "ipns-record" -> throw notAName();
                default -> throw GatewayException.badRequest("unknown format \"" + format + "\"");
            };
        }
        boolean unsatisfiedTrustless = false;
        for (MediaRange r : ranges) {
            if (r.is(RAW)) {
                return new Raw(true);
            }
            if (r.is("application/vnd.ipld.dag-json") || r.is("application/vnd.ipld.dag-cbor")) {
                return new ResponseFormat.Codec(r.is("application/vnd.ipld.dag-json") ? "dag-json" : "dag-cbor",
                        true);
            }
            if (r.is(ResponseFormat.Tar.CONTENT_TYPE)) {
                return new ResponseFormat.Tar(true);
            }
            if (r.is("application/json") || r.is("application/cbor")) {
                return new ResponseFormat.Plain(r.subtype(), true);
            }
            if (r.is(IPNS_RECORD)) {
                throw notAName();
            }
            if (r.is(CAR)) {
                if (carParamsSupported(r)) {
                    return car(query, r, true);
                }
                unsatisfiedTrustless = true;
                continue;
            }
            if (r.type().equals("*") || r.is("text/html") || r.type().equals("text")
                    || r.is("application/octet-stream") || r.is("application/*")) {
                return new Deserialized();
            }
        }
        if (unsatisfiedTrustless) {
            throw new GatewayException(406, "only application/vnd.ipld.car; version=1 (order=dfs|unk, dups=y|n) is"
                    + " supported");
        }
        return new Deserialized();
    }

    private static GatewayException notAName() {
        return GatewayException.badRequest("an IPNS record is served for /ipns/{name} only, not for a content path");
    }

    private static MediaRange carEntry(List<MediaRange> ranges) {
        for (MediaRange r : ranges) {
            if (r.is(CAR) && carParamsSupported(r)) {
                return r;
            }
        }
        return null;
    }

    private static boolean carParamsSupported(MediaRange r) {
        String v = r.params().get("version");
        String order = r.params().get("order");
        String dups = r.params().get("dups");
        return (v == null || v.equals("1")) && (order == null || order.equals("dfs") || order.equals("unk"))
                && (dups == null || dups.equals("y") || dups.equals("n"));
    }

    private static Car car(QueryParams query, MediaRange accepted, boolean fromAccept) {
        String version = query.get("car-version").orElse(accepted == null ? null : accepted.params().get("version"));
        if (version != null && !version.equals("1")) {
            throw GatewayException.badRequest("only CAR version 1 is supported");
        }
        String order = query.get("car-order").orElse(accepted == null ? null : accepted.params().get("order"));
        if (order != null && !order.equals("dfs") && !order.equals("unk")) {
            throw GatewayException.badRequest("car-order must be dfs or unk");
        }
        String dups = query.get("car-dups").orElse(accepted == null ? null : accepted.params().get("dups"));
        if (dups != null && !dups.equals("y") && !dups.equals("n")) {
            throw GatewayException.badRequest("car-dups must be y or n");
        }
        EntityBytes bytes = query.get("entity-bytes").map(EntityBytes::parse).orElse(null);
        DagScope scope = query.get("dag-scope").map(DagScope::of).orElse(DagScope.ALL);
        if (bytes != null) {
            scope = DagScope.ENTITY; // entity-bytes implies dag-scope=entity
        }
        return new Car("y".equals(dups), scope, bytes, fromAccept);
    }
}
