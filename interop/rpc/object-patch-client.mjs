// Drives ferry's object/patch/add-link and rm-link with kubo-rpc-client, for ferry's KuboRpcObjectPatchInteropTest,
// and builds the directories each patch should give with ipfs-unixfs-importer (configured as Kubo's `ipfs add`), so
// that the CIDs are checked against an independent construction.
// Usage: node rpc/object-patch-client.mjs <api url> <empty directory CID>
// Prints one JSON object: the CIDs of each step, the importer's CIDs of the same trees, and the errors' messages.
import { create } from 'kubo-rpc-client'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { MemoryBlockstore } from 'blockstore-core/memory'

const [url, empty] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })
const bytes = s => new TextEncoder().encode(s)

// a tree of {path: content} imported under a root directory, as `ipfs add -r root` does
async function imported (files) {
  const entries = Object.keys(files).sort().map(p => ({ path: 'root/' + p, content: bytes(files[p]) }))
  let last
  for await (const e of importer(entries, new MemoryBlockstore(), {
    cidVersion: 0,
    rawLeaves: false,
    leafType: 'file',
    chunker: fixedSize({ chunkSize: 262144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
    reduceSingleLeafToSelf: true,
    shardSplitThresholdBytes: 262144,
    fieldOrder: 'links-first'
  })) {
    last = e
  }
  return last.cid.toString()
}

async function error (f) {
  try {
    await f()
    return 'accepted'
  } catch (e) {
    return e.message
  }
}

const alpha = (await client.add(bytes('alpha'))).cid
const beta = (await client.add(bytes('beta'))).cid
const gamma = (await client.add(bytes('gamma'))).cid

const out = { patched: {}, expected: {} }
const one = await client.object.patch.addLink(empty, { Name: 'a.txt', Hash: alpha })
const two = await client.object.patch.addLink(one, { Name: 'sub/deeper/b.txt', Hash: beta }, { create: true })
const three = await client.object.patch.addLink(two, { name: 'sub/c.txt', cid: gamma })
const four = await client.object.patch.rmLink(three, { Name: 'sub/deeper' })
const five = await client.object.patch.rmLink(four, { name: 'a.txt' })
out.patched = { one, two, three, four, five }
for (const k of Object.keys(out.patched)) {
  out.patched[k] = out.patched[k].toString()
}
out.expected.one = await imported({ 'a.txt': 'alpha' })
out.expected.two = await imported({ 'a.txt': 'alpha', 'sub/deeper/b.txt': 'beta' })
out.expected.three = await imported({ 'a.txt': 'alpha', 'sub/deeper/b.txt': 'beta', 'sub/c.txt': 'gamma' })
out.expected.four = await imported({ 'a.txt': 'alpha', 'sub/c.txt': 'gamma' })
out.expected.five = await imported({ 'sub/c.txt': 'gamma' })

out.errMissing = await error(() => client.object.patch.rmLink(five, { Name: 'nope' }))
out.errNoCreate = await error(() => client.object.patch.addLink(five, { Name: 'x/y', Hash: alpha }))
out.errFile = await error(() => client.object.patch.addLink(alpha, { Name: 'x', Hash: beta }))
out.forcedFile = (await client.object.patch.addLink(alpha, { Name: 'x', Hash: beta }, { allowNonUnixfs: true })).toString()
out.alpha = alpha.toString()
console.log(JSON.stringify(out))
