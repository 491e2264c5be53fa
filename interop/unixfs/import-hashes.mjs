// Imports files and directories with ipfs-unixfs-importer configured like Kubo's `ipfs add --hash NAME`, for
// ferry's UnixfsHashesInteropTest. Reads one JSON request on stdin:
//   {"cases":[{"id":"...","path":"/abs/path","hash":"sha3-256","cidVersion":1,"rawLeaves":null,
//              "chunkSize":262144,"trickle":false}]}
// and prints, per case, tab-separated lines: "root <id> <cid>" then "entry <id> <path> <cid> <size>" for every
// entry the importer yields. Blocks are discarded (only CIDs are compared).
//
// ipfs-unixfs-importer 17 no longer takes a `hasher` option (its persist step always uses sha2-256): a resolution
// hook (hasher-hooks.mjs) gives it a sha2 module whose sha256 digests with the case's hasher, set before each case.
// The rest of the importer (chunking, layouts, the links-bytes shard estimate on the real CID bytes, the murmur3
// bucket hash) is the package's own.
import { register } from 'node:module'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { sha3256, sha3512 } from '@multiformats/sha3'
import { blake2b256 } from '@multiformats/blake2/blake2b'
import * as fs from 'node:fs'
import * as nodePath from 'node:path'
import { importLines, runCases } from './cases.mjs'

register('./hasher-hooks.mjs', import.meta.url)
const { importer } = await import('ipfs-unixfs-importer')
const { fixedSize } = await import('ipfs-unixfs-importer/chunker')
const { balanced, trickle } = await import('ipfs-unixfs-importer/layout')

const hashers = {
  'sha2-256': sha256,
  'sha2-512': sha512,
  'sha3-256': sha3256,
  'sha3-512': sha3512,
  'blake2b-256': blake2b256
}

const byNameBytes = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))

// Kubo's walk: entries sorted by name bytes, dotfiles left out, only files and empty directories given.
function * walk (abs, rel) {
  const st = fs.lstatSync(abs)
  if (st.isDirectory()) {
    const names = fs.readdirSync(abs).filter(n => !n.startsWith('.')).sort(byNameBytes)
    if (names.length === 0) {
      yield { path: rel }
    }
    for (const n of names) {
      yield * walk(nodePath.join(abs, n), rel + '/' + n)
    }
  } else if (st.isFile()) {
    yield { path: rel, content: fs.createReadStream(abs, { highWaterMark: 1 << 20 }) }
  } else {
    throw new Error('unsupported file type: ' + abs)
  }
}

async function run (c) {
  const hasher = hashers[c.hash]
  if (hasher === undefined) {
    throw new Error('no hasher for ' + c.hash)
  }
  const cidVersion = c.cidVersion ?? 1
  const rawLeaves = c.rawLeaves ?? (cidVersion === 1)
  const options = {
    cidVersion,
    rawLeaves,
    hasher,
    chunker: fixedSize({ chunkSize: c.chunkSize ?? 262144 }),
    // Kubo's trickle (boxo trickledag.go) writes Type=Raw leaves and never reduces a single leaf to the root
    layout: c.trickle ? trickle({ maxChildrenPerNode: 174, layerRepeat: 4 }) : balanced({ maxChildrenPerNode: 174 }),
    leafType: c.trickle ? 'raw' : 'file',
    reduceSingleLeafToSelf: !c.trickle,
    shardSplitThresholdBytes: 262144,
    shardSplitStrategy: 'links-bytes',
    shardFanoutBits: 8,
    fieldOrder: 'links-first'
  }
  globalThis.ferryImportHasher = hasher
  return importLines(importer, c.id, walk(c.path, nodePath.basename(c.path)), options)
}

await runCases(run)
