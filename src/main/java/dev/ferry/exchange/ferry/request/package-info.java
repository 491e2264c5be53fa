/**
 * ferry's request protocol, {@code /ferry/request/1.0.0}: a peer asks another for a DAG by CID, says which sources
 * the asked peer may use on its behalf (its own store, the IPFS network, its gateway) and how many more hops the
 * request may travel (ttl); the answer streams verified blocks or says why not. The wire format, limits and failure
 * behaviour are specified by the implementation in this package.
 */
package dev.ferry.exchange.ferry.request;
