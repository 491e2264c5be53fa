// Drives ferry's refs, refs/local, resolve, dag/resolve and pin/update with kubo-rpc-client (which has no
// dag.stat), for ferry's KuboRpcRefsInteropTest.
// Usage: node rpc/refs-client.mjs <api url, e.g. http://127.0.0.1:5001/api/v0>
// Prints one JSON object with what each call returned; the test checks it against what ferry computes itself.
import { create } from 'kubo-rpc-client'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const [url] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })
const enc = (s) => new TextEncoder().encode(s)

async function collect (it) {
  const out = []
  for await (const x of it) out.push(x)
  return out
}

// refs lines as the client hands them over: { ref, err }
async function refs (args, options) {
  return (await collect(client.refs(args, options))).map(r => ({ ref: r.ref, err: r.err }))
}

async function failure (fn) {
  try {
    await fn()
    return 'accepted'
  } catch (e) {
    return e.message
  }
}

const out = {}

// d/a.txt and d/sub/c.txt hold the same bytes: one block, linked twice
const tree = [
  { path: 'd/a.txt', content: enc('same') },
  { path: 'd/sub/b.txt', content: enc('bee') },
  { path: 'd/sub/c.txt', content: enc('same') }
]
const added = await collect(client.addAll(tree))
out.added = Object.fromEntries(added.map(e => [e.path, e.cid.toString()]))
const root = added[added.length - 1].cid
out.root = root.toString()

out.refs = await refs(root)
out.refsRecursive = await refs(root, { recursive: true })
out.refsUnique = await refs(root, { recursive: true, unique: true })
out.refsEdges = await refs(root, { edges: true })
out.refsFormat = await refs(root, { recursive: true, format: '<linkname>' })
out.refsMaxDepth = await refs(root, { recursive: true, maxDepth: 1 })
out.refsMulti = await refs([`/ipfs/${root}/sub`, root.toString()])
out.refsBadOptions = await failure(() => refs(root, { edges: true, format: '<src>' }))

// a DAG of dag-cbor nodes: one links to a block that is nowhere, so its refs end in an error line
const missing = CID.create(1, 0x55, await sha256.digest(enc('stored nowhere')))
const dangling = await client.dag.put({ gone: missing })
out.dangling = dangling.toString()
out.refsDangling = await refs([dangling, `${root}/sub`], { timeout: 300 })

out.refsLocal = (await collect(client.refs.local())).map(r => ({ ref: r.ref, err: r.err }))

// resolve and dag.resolve: UnixFS paths, and paths that end inside a dag-cbor block
out.resolve = await client.resolve(`/ipfs/${root}/sub/b.txt`)
const doc = await client.dag.put({ n: { m: [1, 2] }, dir: root })
out.doc = doc.toString()
out.resolveInside = await client.resolve(`/ipfs/${doc}/n/m`)
out.resolveAcross = await client.resolve(`/ipfs/${doc}/dir/sub`)
out.resolveBad = await failure(() => client.resolve(`/ipfs/${root}/nope`))
const across = await client.dag.resolve(`${doc}/dir/sub`)
out.dagResolve = { cid: across.cid.toString(), remainderPath: across.remainderPath }
const inside = await client.dag.resolve(doc, { path: 'n/m' })
out.dagResolveInside = { cid: inside.cid.toString(), remainderPath: inside.remainderPath }
const plain = await client.dag.resolve(root)
out.dagResolveRoot = { cid: plain.cid.toString(), remainderPath: plain.remainderPath }

// pin.update: the added tree is pinned; a second version replaces it, then both are kept
const v2tree = [...tree, { path: 'd/e.txt', content: enc('new') }]
const v2 = (await collect(client.addAll(v2tree, { pin: false }))).at(-1).cid
out.v2 = v2.toString()
out.pinUpdate = (await client.pin.update(root, v2)).map(c => c.toString())
out.pinLsAfterUpdate = (await collect(client.pin.ls({ type: 'recursive' }))).map(p => p.cid.toString())
out.pinUpdateKeep = (await client.pin.update(v2, root, { unpin: false })).map(c => c.toString())
out.pinLsBoth = (await collect(client.pin.ls({ type: 'recursive' }))).map(p => p.cid.toString())
out.pinUpdateTwice = await failure(() => client.pin.update(v2, root))
out.pinUpdateUnpinned = await failure(() => client.pin.update(doc, root))

console.log(JSON.stringify(out))
