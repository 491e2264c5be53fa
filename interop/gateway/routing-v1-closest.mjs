// Asks ferry's /routing/v1/dht/closest/peers/{key} with @helia/delegated-routing-v1-http-api-client: the key as a
// peer's libp2p-key CID and as a content CID, then with IPIP-484 filters (one that keeps ferry's TCP addresses, one
// that keeps nothing, one on protocols).
// Usage: node gateway/routing-v1-closest.mjs <gateway-url> <peer id> <cid>
// Prints one JSON object: for each ask, the peers' IDs and addresses; exits 1 on an unexpected failure.
import { delegatedRoutingV1HttpApiClient } from '@helia/delegated-routing-v1-http-api-client'
import { peerIdFromString } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'

const [gateway, peer, cid] = process.argv.slice(2)
const silent = () => {}
silent.error = silent
silent.trace = silent
const logger = { forComponent: () => silent }
const out = {}
try {
  const client = delegatedRoutingV1HttpApiClient({ url: gateway, cacheTTL: 0 })({ logger })
  await client.start()
  const ask = async (key, options) => {
    const got = []
    for await (const p of client.getClosestPeers(key, options)) {
      got.push({ id: p.ID.toString(), addrs: p.Addrs.map(a => a.toString()) })
    }
    return got
  }
  out.byPeer = await ask(peerIdFromString(peer).toCID())
  out.byCid = await ask(CID.parse(cid))
  out.tcp = await ask(CID.parse(cid), { filterAddrs: ['tcp', '!ip6'] })
  out.webtransport = await ask(CID.parse(cid), { filterAddrs: ['webtransport'] })
  out.graphsync = await ask(CID.parse(cid), { filterProtocols: ['transport-graphsync-filecoinv1'] })
  await client.stop()
} catch (e) {
  process.stderr.write(String(e?.stack ?? e) + '\n')
  process.exit(1)
}
process.stdout.write(JSON.stringify(out) + '\n')
process.exit(0)
