// Drives ferry's dht/query with kubo-rpc-client, for ferry's KuboRpcDhtQueryInteropTest, and calls what current Kubo
// no longer serves: diag/net, and dns (which the client's mount() posts to).
// Usage: node rpc/dht-query-client.mjs <api url> <peer id to look up>
// Prints one JSON object: the query's events as the client maps them, and the errors' messages.
import { create } from 'kubo-rpc-client'

const [url, target] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })

async function error (f) {
  try {
    await f()
    return 'accepted'
  } catch (e) {
    return e.message
  }
}

const events = []
for await (const e of client.dht.query(target)) {
  const m = { name: e.name, type: e.type }
  if (e.name === 'PEER_RESPONSE') {
    m.from = e.from.toString()
    m.closer = e.closer.map(p => ({ id: p.id.toString(), multiaddrs: p.multiaddrs.map(a => a.toString()) }))
  }
  if (e.name === 'FINAL_PEER') {
    m.peer = e.peer.id.toString()
  }
  events.push(m)
}
const out = { events }
out.errBadPeer = await error(async () => {
  for await (const e of client.dht.query('not-a-peer')) {
    events.push(e)
  }
})
out.errDiagNet = await error(() => client.diag.net())
out.errDns = await error(() => client.mount())
console.log(JSON.stringify(out))
