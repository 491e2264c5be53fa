// Builds a small tree with UnixFS 1.5 modes and mtimes with ipfs-unixfs-importer and writes it as a CARv1
// (@ipld/car) to the path given as the first argument, for ferry's GetMetadataInteropTest. Prints "root <cid>",
// then per entry "entry <path below the root> <mode in octal or -> <seconds or -> <nanoseconds or ->": what js was
// asked to store. A directory entry comes before its children so that the importer keeps its metadata; "many" has
// enough entries to be sharded.
import { importer } from 'ipfs-unixfs-importer'
import { CarWriter } from '@ipld/car/writer'
import * as fs from 'node:fs'

const text = s => new TextEncoder().encode(s)
const t = (secs, nsecs) => nsecs === undefined ? { secs: BigInt(secs) } : { secs: BigInt(secs), nsecs }

const entries = [
  { path: 'root', mode: 0o750, mtime: t(1600000000) },
  { path: 'root/hello.txt', content: text('hello from js\n'), mode: 0o640, mtime: t(1500000000, 123456789) },
  { path: 'root/tool', content: text('#!/bin/sh\necho hi\n'), mode: 0o755, mtime: t(1400000000) },
  { path: 'root/plain.txt', content: text('no metadata\n') },
  { path: 'root/docs', mode: 0o555, mtime: t(1300000000, 5) },
  { path: 'root/docs/readme', content: text('read only\n'), mode: 0o444, mtime: t(1200000000, 999999999) },
  { path: 'root/many', mode: 0o700, mtime: t(1100000000, 42) }
]
for (let i = 0; i < 40; i++) {
  entries.push({ path: `root/many/file-${i}`, content: text(`entry ${i}\n`), mode: 0o600, mtime: t(1000000000 + i) })
}

// keeps every block with its own CID (in order), which the CAR then carries
const blocks = new Map()
const blockstore = {
  async put (cid, bytes) { blocks.set(cid.toString(), { cid, bytes }); return cid },
  async get (cid) { return blocks.get(cid.toString()).bytes },
  async has (cid) { return blocks.has(cid.toString()) }
}
let root
for await (const e of importer(entries.map(e => ({ ...e })), blockstore, {
  cidVersion: 1,
  // with dag-pb leaves, importer 17 stores a single-block file's whole leaf block as its data once it adds
  // metadata (its own exporter reads the same wrong bytes back); raw leaves are wrapped correctly
  rawLeaves: true,
  shardSplitThresholdBytes: 1000
})) {
  if (e.path === 'root') {
    root = e.cid
  }
}

const { writer, out } = CarWriter.create([root])
const chunks = []
const collected = (async () => {
  for await (const c of out) {
    chunks.push(c)
  }
})()
for (const block of blocks.values()) {
  await writer.put(block)
}
await writer.close()
await collected
fs.writeFileSync(process.argv[2], Buffer.concat(chunks))

const lines = [`root ${root}`]
for (const e of entries) {
  const rel = e.path === 'root' ? '.' : e.path.slice('root/'.length)
  const mode = e.mode === undefined ? '-' : e.mode.toString(8)
  const secs = e.mtime === undefined ? '-' : e.mtime.secs.toString()
  const nsecs = e.mtime?.nsecs === undefined ? '-' : String(e.mtime.nsecs)
  lines.push(`entry ${rel} ${mode} ${secs} ${nsecs}`)
}
console.log(lines.join('\n'))
