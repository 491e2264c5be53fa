// Lists a node's peers through kubo-rpc-client's swarm.peers, with and without Kubo's options, for ferry's
// KuboRpcSwarmPeersInteropTest.
// Usage: node rpc/swarm-peers-client.mjs <api url, e.g. http://127.0.0.1:5001/api/v0>
// Prints one JSON object: `plain` and `detailed` (verbose, streams, latency, direction) and `identified` (identify),
// each peer with the fields the client read, multiaddr and peer id as text.
import { create } from 'kubo-rpc-client'

const [url] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })

function text (peers) {
  return peers.map(p => ({
    addr: p.addr.toString(),
    peer: p.peer.toString(),
    peerType: p.peer.type,
    muxer: p.muxer ?? null,
    latency: p.latency ?? null,
    direction: p.direction ?? null,
    streams: p.streams ?? null,
    identify: p.identify ?? null
  }))
}

const out = {
  plain: text(await client.swarm.peers()),
  detailed: text(await client.swarm.peers({ verbose: true, streams: true, latency: true, direction: true })),
  identified: text(await client.swarm.peers({ identify: true }))
}
console.log(JSON.stringify(out))
