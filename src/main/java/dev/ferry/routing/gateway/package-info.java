/**
 * Trustless HTTP gateways as the last-resort content source (ipfs/specs {@code http-gateways/trustless-gateway.md}).
 *
 * <p><b>Requests.</b> A block: {@code GET {base}/ipfs/{cid}?format=raw} with {@code Accept: application/vnd.ipld.raw};
 * the answer must be {@code 200} with that content type and a body that hashes to the CID. A DAG:
 * {@code GET {base}/ipfs/{cid}?format=car&dag-scope=entity|all} with
 * {@code Accept: application/vnd.ipld.car; version=1; order=dfs; dups=n}; the answer must be a CARv1 under
 * {@code application/vnd.ipld.car} (version 1 when stated). Identity CIDs are never asked for.
 *
 * <p><b>What is accepted from a CAR.</b> Each section is verified against its CID ({@code CarReader}); a block is
 * kept only when it belongs to the requested DAG: its multihash is the root's or is linked from a block already
 * accepted (links read with {@code dag.walk.Links}). With {@code order=dfs} in the response a block that arrives
 * before any parent links it is refused on the spot; without it such blocks wait in a bounded buffer. A CAR is
 * INVALID when it is malformed or truncated mid-section, names only other roots in its header (the spec lets clients
 * ignore the roots; ferry asked for one CID with no path, so other roots mean another answer), carries a block
 * outside the DAG, or an identity block (a block above the size cap is TOO_LARGE). A well-formed CAR that ends before the DAG
 * is complete is INCOMPLETE: the pool walks the store after each CAR and asks the next gateway for what is missing.
 *
 * <p><b>Blocks received before a fault are kept</b>: each was verified and is a member of the requested DAG, so it
 * is exactly what a correct gateway would have sent; keeping it is safe and saves fetching it again. Blocks that
 * were not yet linked when the fault struck are dropped. A store therefore only ever gains verified blocks of DAGs
 * that were asked for.
 *
 * <p><b>Bounds.</b> Connect timeout; the response headers within the idle timeout; then a watchdog abandons a body
 * that sends nothing for the idle timeout or runs past the request timeout; byte caps on raw bodies (the block
 * cap) and CARs; at most {@code 2^22} links tracked per CAR; at most 16 MiB of not-yet-linked blocks held.
 *
 * <p><b>Scoring.</b> {@link dev.ferry.routing.gateway.GatewayPool} asks the best-scored gateway first. Invalid data
 * costs ten failures and benches the gateway for {@code invalidBackoff} (doubling per repeat); repeated failures
 * bench it for {@code failureBackoff}; latency (EWMA of time to headers) divides the score. Cancellation by the
 * caller is never held against a gateway.
 *
 * <p><b>Providers' gateways.</b> {@link dev.ferry.routing.gateway.ProviderGateways} holds the gateways that providers
 * announce in their addresses ({@link dev.ferry.routing.gateway.GatewayAddress}: https, or plain http on loopback
 * only), asked with the same client and checks; one that sent invalid data is benched for ten minutes.
 */
package dev.ferry.routing.gateway;
