// Passes Kubo's cid-base and upgrade-cidv0-in-output options through kubo-rpc-client (it turns cidBase and
// upgradeCidv0InOutput into the kebab-case query options), for ferry's KuboRpcCidBaseInteropTest.
// Usage: node rpc/cid-base-client.mjs <api url, e.g. http://127.0.0.1:5001/api/v0>
// Prints one JSON object with what each call returned; `js` is the CIDv0 ipfs-unixfs-importer gives the same bytes.
import { create } from 'kubo-rpc-client'
import { importer } from 'ipfs-unixfs-importer'
import { BlackHoleBlockstore } from 'blockstore-core/black-hole'
import { base36 } from 'multiformats/bases/base36'

const [url] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })
const bytes = new TextEncoder().encode('cid-base interop\n')

let last
for await (const e of importer([{ content: bytes }], new BlackHoleBlockstore(), {
  cidVersion: 0, rawLeaves: false, leafType: 'file', reduceSingleLeafToSelf: true
})) {
  last = e
}

async function error (f) {
  try {
    await f()
    return 'accepted'
  } catch (e) {
    return e.message
  }
}

async function collect (it) {
  const out = []
  for await (const x of it) out.push(x)
  return out
}

const out = { js: last.cid.toString(), jsV1Base36: last.cid.toV1().toString(base36) }
const plain = await client.add(bytes, { cidVersion: 0 })
out.plain = { cid: plain.cid.toString(), version: plain.cid.version }
const based = await client.add(bytes, { cidVersion: 0, cidBase: 'base36' })
out.based = { cid: based.cid.toString(base36), version: based.cid.version }
const kept = await client.add(bytes, { cidVersion: 0, cidBase: 'base36', upgradeCidv0InOutput: false })
out.kept = { cid: kept.cid.toString(), version: kept.cid.version }
out.resolved = await client.resolve('/ipfs/' + plain.cid.toString(), { cidBase: 'base36' })
const dir = await client.add({ path: 'd/f.txt', content: bytes }, { cidVersion: 0, wrapWithDirectory: false })
const listed = await collect(client.ls(dir.cid, { cidBase: 'base36' }))
out.ls = listed.map(e => ({ name: e.name, version: e.cid.version, cid: e.cid.toV1().toString(base36) }))
const pins = await collect(client.pin.ls({ type: 'recursive', cidBase: 'base36' }))
out.pins = pins.map(p => p.cid.toString(base36))
const st = await client.files.stat('/ipfs/' + plain.cid.toString(), { cidBase: 'base36' })
out.filesStat = { cid: st.cid.toString(base36), version: st.cid.version }
out.errUnknownBase = await error(() => client.add(bytes, { cidBase: 'base99' }))
console.log(JSON.stringify(out))
