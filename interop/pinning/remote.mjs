// Drives ferry's pin/remote RPC (ferry as a client of a remote pinning service) with kubo-rpc-client, for
// RemotePinningInteropTest. The remote service is another ferry node's Pinning Service API.
// Usage: node pinning/remote.mjs <rpc url, e.g. http://127.0.0.1:5001/api/v0> <service endpoint> <key> <cid>
// Prints one JSON object with what each call returned.
import { create } from 'kubo-rpc-client'
import { CID } from 'multiformats/cid'

const [url, endpoint, key, cidText] = process.argv.slice(2)
const client = create({ url, timeout: 120000 })
const cid = CID.parse(cidText)
const service = 'ferry-remote'

const all = async (it) => {
  const out = []
  for await (const p of it) {
    out.push({ cid: p.cid.toString(), name: p.name, status: p.status })
  }
  return out
}
const failure = async (call) => {
  try {
    await call()
    return ''
  } catch (e) {
    return e.message
  }
}

const out = {}
await client.pin.remote.service.add(service, { endpoint: new URL(endpoint), key })
out.duplicateService = await failure(() => client.pin.remote.service.add(service, { endpoint: new URL(endpoint), key }))
out.services = (await client.pin.remote.service.ls()).map(s => ({ service: s.service, endpoint: s.endpoint.toString() }))
const added = await client.pin.remote.add(cid, { service, name: 'remote one' })
out.added = { cid: added.cid.toString(), name: added.name, status: added.status }
out.stat = (await client.pin.remote.service.ls({ stat: true })).map(s => ({ service: s.service, stat: s.stat }))
out.ls = await all(client.pin.remote.ls({ service }))
out.lsByCid = await all(client.pin.remote.ls({ service, cid: [cid], status: ['pinned', 'failed'] }))
out.lsQueued = await all(client.pin.remote.ls({ service, status: ['queued'] }))
out.unknownService = await failure(() => all(client.pin.remote.ls({ service: 'nope' })))
await client.pin.remote.rm({ service, cid: [cid] })
out.lsAfterRm = await all(client.pin.remote.ls({ service }))
await client.pin.remote.service.rm(service)
out.servicesAfterRm = (await client.pin.remote.service.ls()).map(s => s.service)
console.log(JSON.stringify(out))
