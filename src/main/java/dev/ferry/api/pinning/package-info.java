/**
 * The IPFS Pinning Service API served by a ferry node ({@link dev.ferry.api.pinning.PinningServiceApi}, mounted on
 * the RPC API's listener under {@code /psa}), with its pin objects ({@link dev.ferry.api.pinning.RemotePins}, one
 * JSON line each in {@code <repo>/remote-pins}).
 *
 * <h2>Endpoints</h2>
 * <pre>
 * GET    /psa/pins              PinResults   filters: cid (≤ 10, repeated or comma-separated), name + match
 *                                            (exact, iexact, partial, ipartial), status (default pinned), before,
 *                                            after (RFC 3339), limit (1-1000, default 10), meta (JSON or meta[k]=v)
 * POST   /psa/pins              202 PinStatus       body: Pin {cid, name ≤ 255, origins ≤ 20, meta ≤ 1000}
 * GET    /psa/pins/{requestid}  PinStatus
 * POST   /psa/pins/{requestid}  202 PinStatus       replace: a new request id; the old one goes once the new holds
 * DELETE /psa/pins/{requestid}  202
 * errors: {"error": {"reason": "BAD_REQUEST" | "UNAUTHORIZED" | "NOT_FOUND" | ..., "details": "..."}}
 * </pre>
 *
 * <h2>Who sees what</h2>
 * The RPC listener's access check runs first (tokens of {@code API.Authorizations}, their {@code AllowedPaths}; or
 * loopback only without tokens). Each token name owns its pins; another token gets 404 for them.
 *
 * <h2>Limits and failure behaviour</h2>
 * Bodies over 64 KiB get 413 before they are parsed; anything that is not a valid Pin object gets 400 (a property
 * test throws arbitrary bytes at the decoder). A pin's DAG is fetched and kept by the node's
 * {@link dev.ferry.policy.pinning.ReplicaKeeper} (every block verified, within {@code Pinning.StorageMax}); a refusal
 * by those limits turns the pin {@code failed} with the reason in {@code info.status_details}. A damaged
 * {@code remote-pins} file stops the node's start with an error naming it.
 */
package dev.ferry.api.pinning;
