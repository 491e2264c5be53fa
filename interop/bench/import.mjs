// Imports a file or a directory tree with ipfs-unixfs-importer at Kubo's defaults, hashing every block and
// discarding it (no storage), and prints the root CID and the MB/s of file bytes.
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { createReadStream, statSync, readdirSync } from 'node:fs'
import { join, basename, relative, dirname } from 'node:path'

const target = process.argv[2]
const blackhole = { put: async (cid) => cid, has: async () => false }
let bytes = 0

function * walk (dir, base) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    const st = statSync(p)
    if (st.isDirectory()) yield * walk(p, base)
    else { bytes += st.size; yield { path: relative(dirname(base), p), content: createReadStream(p, { highWaterMark: 262144 }) } }
  }
}

const st = statSync(target)
const source = st.isDirectory()
  ? walk(target, target)
  : (bytes = st.size, [{ path: basename(target), content: createReadStream(target, { highWaterMark: 262144 }) }])

const t0 = process.hrtime.bigint()
let last
for await (const entry of importer(source, blackhole, {
  cidVersion: 0, rawLeaves: false, leafType: 'file', reduceSingleLeafToSelf: true,
  chunker: fixedSize({ chunkSize: 262144 }), layout: balanced({ maxChildrenPerNode: 174 }),
  shardSplitThresholdBytes: 262144, wrapWithDirectory: false
})) { last = entry }
const secs = Number(process.hrtime.bigint() - t0) / 1e9
console.log(JSON.stringify({ cid: last.cid.toString(), mbps: bytes / 1e6 / secs }))
