// Imports entries with UnixFS 1.5 metadata (mode, mtime) using ipfs-unixfs-importer configured like Kubo's
// `ipfs add` with metadata (dag-pb leaves, as Kubo forces), for ferry's UnixfsMetadataInteropTest. Reads one JSON
// request on stdin:
//   {"cases":[{"id":"...","cidVersion":0,"chunkSize":262144,"trickle":false,"shardThreshold":262144,
//              "entries":[{"path":"d","dir":true,"mode":448,"mtime":{"secs":1600000000,"nsecs":5}},
//                         {"path":"d/f","size":1000,"seed":7,"mode":493}]}]}
// A file's content is `size` bytes, byte i = (i * 31 + seed) & 0xff. Directories come before their entries, so
// their metadata is kept. Prints, per case, tab-separated lines: "root <id> <cid>" (the last entry yielded) then
// "entry <id> <path> <cid> <size>" for every entry the importer yields. Blocks are discarded.
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced, trickle } from 'ipfs-unixfs-importer/layout'
import { importLines, runCases } from './cases.mjs'

function content (size, seed) {
  const out = new Uint8Array(size)
  for (let i = 0; i < size; i++) {
    out[i] = (i * 31 + seed) & 0xff
  }
  return out
}

function metadata (e) {
  const m = {}
  if (e.mode != null) {
    m.mode = e.mode
  }
  if (e.mtime != null) {
    // nanoseconds are left out when 0, as boxo writes them
    m.mtime = e.mtime.nsecs ? { secs: BigInt(e.mtime.secs), nsecs: e.mtime.nsecs } : { secs: BigInt(e.mtime.secs) }
  }
  return m
}

async function run (c) {
  const options = {
    cidVersion: c.cidVersion ?? 0,
    rawLeaves: false,
    chunker: fixedSize({ chunkSize: c.chunkSize ?? 262144 }),
    layout: c.trickle ? trickle({ maxChildrenPerNode: 174, layerRepeat: 4 }) : balanced({ maxChildrenPerNode: 174 }),
    leafType: c.trickle ? 'raw' : 'file',
    reduceSingleLeafToSelf: !c.trickle,
    shardSplitThresholdBytes: c.shardThreshold ?? 262144,
    shardSplitStrategy: 'links-bytes',
    shardFanoutBits: 8,
    fieldOrder: 'links-first'
  }
  const source = function * () {
    for (const e of c.entries) {
      if (e.dir) {
        yield { path: e.path, ...metadata(e) }
      } else {
        yield { path: e.path, content: content(e.size, e.seed ?? 0), ...metadata(e) }
      }
    }
  }
  return importLines(importer, c.id, source(), options)
}

await runCases(run)
