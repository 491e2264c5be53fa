// Drives ferry's pin names with kubo-rpc-client: add with the pin-name option, pin.add with name, pin.ls with names
// and a name filter, for ferry's KuboRpcPinNamesInteropTest.
// Usage: node rpc/pin-names-client.mjs <api url, e.g. http://127.0.0.1:5001/api/v0>
// Prints one JSON object with what each call returned; the test checks it against ferry's pin store.
import { create } from 'kubo-rpc-client'

const [url] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })
const enc = (s) => new TextEncoder().encode(s)

async function collect (it) {
  const out = []
  for await (const x of it) out.push(x)
  return out
}

async function failure (fn) {
  try {
    await fn()
    return 'accepted'
  } catch (e) {
    return e.message
  }
}

// pins as the client hands them over: { cid, type, name? }
const pins = (list) => list.map(p => ({ cid: p.cid.toString(), type: p.type, name: p.name ?? null }))
  .sort((a, b) => a.cid < b.cid ? -1 : 1)

// the client has no pinName option of its own: options it does not know go to the query as they are
const added = await client.add(enc('added with a pin name'), { 'pin-name': 'from add' })
const plain = await client.add(enc('pinned later'), { pin: false })
const direct = await client.add(enc('pinned directly'), { pin: false })
const pinned = await client.pin.add(plain.cid, { name: 'my site' })
const pinnedDirect = await client.pin.add(direct.cid, { name: 'photo \u00e9', recursive: false })

const out = {
  added: added.cid.toString(),
  plain: plain.cid.toString(),
  direct: direct.cid.toString(),
  pinned: pinned.toString(),
  pinnedDirect: pinnedDirect.toString(),
  // the client always streams pin/ls
  ls: pins(await collect(client.pin.ls())),
  names: pins(await collect(client.pin.ls({ names: true }))),
  filtered: pins(await collect(client.pin.ls({ name: 'site' }))),
  byPath: pins(await collect(client.pin.ls({ paths: [plain.cid], names: true }))),
  tooLong: await failure(() => client.pin.add(direct.cid, { name: 'x'.repeat(256) })),
  pinNameWithoutPin: await failure(() => client.add(enc('x'), { pin: false, 'pin-name': 'foo' }))
}
// pinning again with another name renames
await client.pin.add(plain.cid, { name: 'renamed site' })
out.renamed = pins(await collect(client.pin.ls({ name: 'site' })))
console.log(JSON.stringify(out))
