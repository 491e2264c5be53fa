/**
 * Private content: DAGs the user marks private are never announced (IPFS provider records, the capabilities content
 * index), never served over Bitswap or the HTTP gateway, and served over {@code /ferry/request} only to DIDs trusted
 * at least {@code privateTrust}. Public content behaves as in any IPFS node.
 *
 * <ul>
 *   <li>{@link dev.ferry.policy.privacy.PrivateContent}: the persisted set (roots and the multihashes of their
 *       blocks), compared by multihash.</li>
 *   <li>{@link dev.ferry.policy.privacy.PrivateServePolicy}: the {@code ServePolicy} of the request protocol.</li>
 *   <li>{@link dev.ferry.policy.privacy.PrivateContentGate}: the Bitswap {@code RequestGate}.</li>
 *   <li>{@link dev.ferry.policy.privacy.PublicOnlyBlockstore}: the store the gateway and provider announcements
 *       see; {@link dev.ferry.policy.privacy.PublicOnlyFetcher}: the same for a {@code ContentFetcher} (the
 *       gateway's).</li>
 *   <li>{@link dev.ferry.policy.privacy.PrivateContent#announceFilter()}: the capabilities content-index predicate.
 *       Private content is announced to nobody, trusted peers included: a trusted peer asks by CID it learnt
 *       out of band, and the index is signed and sent to every peer alike.</li>
 * </ul>
 *
 * <p>Threat notes: privacy here is about not PUBLISHING or SERVING; a private block's CID, if leaked, still names
 * content that anyone holding it can verify. A block shared by a private and a public DAG is private (hidden from the
 * public side). Content marked private after it was announced may already be cached elsewhere.
 */
package dev.ferry.policy.privacy;
