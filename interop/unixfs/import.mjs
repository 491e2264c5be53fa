// Imports files and directories with ipfs-unixfs-importer configured like Kubo's `ipfs add`, for ferry's
// UnixfsInteropTest. Reads one JSON request on stdin:
//   {"cases":[{"id":"...","paths":["/abs/path", ...],"cidVersion":0,"rawLeaves":null,"chunkSize":262144,
//              "trickle":false,"wrap":false,"hidden":false}]}
// and prints, per case, tab-separated lines: "root <id> <cid>" then "entry <id> <path> <cid> <size>" for every
// entry the importer yields. Blocks are discarded (only CIDs are compared).
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced, trickle } from 'ipfs-unixfs-importer/layout'
import * as fs from 'node:fs'
import * as nodePath from 'node:path'
import { importLines, runCases } from './cases.mjs'

const byNameBytes = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))

// Kubo's walk: entries sorted by name bytes, dotfiles only with hidden, symlinks not followed. Only files,
// symlinks and empty directories are given to the importer; directories with entries come from their paths.
function * walk (abs, rel, hidden) {
  const st = fs.lstatSync(abs)
  if (st.isSymbolicLink()) {
    yield { path: rel, link: fs.readlinkSync(abs) }
  } else if (st.isDirectory()) {
    const names = fs.readdirSync(abs).filter(n => hidden || !n.startsWith('.')).sort(byNameBytes)
    if (names.length === 0) {
      yield { path: rel }
    }
    for (const n of names) {
      yield * walk(nodePath.join(abs, n), rel + '/' + n, hidden)
    }
  } else if (st.isFile()) {
    yield { path: rel, content: fs.createReadStream(abs, { highWaterMark: 1 << 20 }) }
  } else {
    throw new Error('unsupported file type: ' + abs)
  }
}

async function run (c) {
  const cidVersion = c.cidVersion ?? 0
  const rawLeaves = c.rawLeaves ?? (cidVersion === 1)
  const options = {
    cidVersion,
    rawLeaves,
    chunker: fixedSize({ chunkSize: c.chunkSize ?? 262144 }),
    // Kubo's trickle (boxo trickledag.go) writes Type=Raw leaves and never reduces a single leaf to the root
    layout: c.trickle ? trickle({ maxChildrenPerNode: 174, layerRepeat: 4 }) : balanced({ maxChildrenPerNode: 174 }),
    leafType: c.trickle ? 'raw' : 'file',
    reduceSingleLeafToSelf: !c.trickle,
    shardSplitThresholdBytes: 262144,
    shardSplitStrategy: 'links-bytes',
    shardFanoutBits: 8,
    fieldOrder: 'links-first',
    wrapWithDirectory: Boolean(c.wrap)
  }
  const source = function * () {
    for (const p of c.paths) {
      yield * walk(p, nodePath.basename(p), Boolean(c.hidden))
    }
  }
  return importLines(importer, c.id, source(), options)
}

await runCases(run)
