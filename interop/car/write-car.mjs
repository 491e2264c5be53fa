// Writes a CARv1 with @ipld/car from blocks made in JS: raw and dag-pb leaves (dag-pb via @ipld/dag-pb, CIDv0 and
// v1), dag-pb inner nodes with sorted named links, and a dag-cbor root linking the dag-pb tree.
// Usage: node car/write-car.mjs <out.car> <leaves>
// Prints "root <cid>", then "cid <cid>" per block in file order, then "count <n>".
import fs from 'node:fs'
import { once } from 'node:events'
import { CarWriter } from '@ipld/car/writer'
import * as dagPb from '@ipld/dag-pb'
import * as dagCbor from '@ipld/dag-cbor'
import * as raw from 'multiformats/codecs/raw'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const [out, leavesArg] = process.argv.slice(2)
const leafCount = Number(leavesArg ?? 400)

// deterministic pseudo-random bytes (xorshift32)
let seed = 0x9e3779b9
function nextByte () {
  seed ^= seed << 13; seed >>>= 0
  seed ^= seed >>> 17
  seed ^= seed << 5; seed >>>= 0
  return seed & 0xff
}
function bytes (n) {
  const b = new Uint8Array(n)
  for (let i = 0; i < n; i++) b[i] = nextByte()
  return b
}

async function block (codec, data, version = 1) {
  const digest = await sha256.digest(data)
  return { cid: CID.create(version, codec.code, digest), bytes: data }
}

const blocks = [] // in DFS order
const leaves = []
for (let i = 0; i < leafCount; i++) {
  const data = bytes(1 + (i * 37) % 1500)
  let b
  if (i % 3 === 0) {
    b = await block(raw, data)
  } else {
    const node = dagPb.prepare({ Data: data })
    b = await block(dagPb, dagPb.encode(node), i % 3 === 1 ? 0 : 1)
  }
  leaves.push(b)
}

const groups = []
for (let g = 0; g * 20 < leaves.length; g++) {
  const members = leaves.slice(g * 20, g * 20 + 20)
  const Links = members.map((m, j) => ({ Hash: m.cid, Name: `leaf-${String(j).padStart(3, '0')}`, Tsize: m.bytes.length }))
  const node = await block(dagPb, dagPb.encode(dagPb.prepare({ Links, Data: new Uint8Array([8, 1]) })))
  groups.push({ node, members })
}
const rootPb = await block(dagPb, dagPb.encode(dagPb.prepare({
  Links: groups.map((g, i) => ({ Hash: g.node.cid, Name: `group-${String(i).padStart(4, '0')}`, Tsize: g.node.bytes.length })),
  Data: new Uint8Array([8, 1])
})))
const root = await block(dagCbor, dagCbor.encode({ name: 'interop', tree: rootPb.cid, size: leafCount, ratio: 0.5 }))

blocks.push(root, rootPb)
for (const g of groups) {
  blocks.push(g.node, ...g.members)
}

const { writer, out: carBytes } = CarWriter.create([root.cid])
const file = fs.createWriteStream(out)
const pump = (async () => {
  for await (const chunk of carBytes) {
    if (!file.write(chunk)) await once(file, 'drain')
  }
  file.end()
  await once(file, 'finish')
})()
for (const b of blocks) await writer.put(b)
await writer.close()
await pump

const lines = [`root ${root.cid}`]
for (const b of blocks) lines.push(`cid ${b.cid}`)
lines.push(`count ${blocks.length}`)
process.stdout.write(lines.join('\n') + '\n')
