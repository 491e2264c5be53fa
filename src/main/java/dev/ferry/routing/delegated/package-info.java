/**
 * Delegated routing as a client: the HTTP routers of Kubo's {@code Routing.DelegatedRouters} (ipfs/specs
 * {@code routing/http-routing-v1}), asked for a CID's providers, a peer's addresses, the peers nearest to a key and
 * an IPNS name's record, with IPIP-484's filters ({@link dev.ferry.routing.delegated.RoutingFilter}, which the
 * gateway's routing API applies too); and
 * the delegated publishers of Kubo's {@code Ipns.DelegatedPublishers}, that signed IPNS records are put to.
 *
 * <p>Answers come from parties the node does not trust, so each is read bounded (timeouts on the headers and the
 * body, a byte cap, a record cap, a cap on requests running at once) and strictly: a body that is no JSON, or JSON
 * of the wrong shape, is the router's failure; records of unknown schemas, unreadable peer IDs and multiaddrs are
 * skipped. Nothing a router says is taken on faith beyond "ask there": providers are dialled and their blocks
 * verified like anyone's, and an IPNS record counts only once it verifies against its name.
 */
package dev.ferry.routing.delegated;
