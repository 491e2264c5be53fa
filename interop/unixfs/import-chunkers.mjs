// Imports single files with ipfs-unixfs-importer's rabin chunker, for ferry's ChunkerInteropTest. Reads one JSON
// request on stdin:
//   {"cases":[{"id":"...","path":"/abs/file","cidVersion":0,"rawLeaves":null,"trickle":false,
//              "min":87381,"avg":262144,"max":393216,"readSize":65536}]}
// and prints, per case, tab-separated lines: "chunks <id> <size,size,...>" (the rabin chunker alone) and
// "root <id> <cid>" (the whole import, configured like Kubo's `ipfs add`). Blocks are discarded.
import { importer } from 'ipfs-unixfs-importer'
import { rabin } from 'ipfs-unixfs-importer/chunker'
import { balanced, trickle } from 'ipfs-unixfs-importer/layout'
import { BlackHoleBlockstore } from 'blockstore-core/black-hole'
import * as fs from 'node:fs'

// all three sizes are given, so the chunker does not derive min and max itself (it would keep fractions)
const chunker = c => rabin({ minChunkSize: c.min, avgChunkSize: c.avg, maxChunkSize: c.max, window: 16 })
const content = c => fs.createReadStream(c.path, { highWaterMark: c.readSize ?? 65536 })

async function chunkSizes (c) {
  const sizes = []
  for await (const chunk of chunker(c)(content(c))) {
    sizes.push(chunk.byteLength)
  }
  return sizes
}

async function root (c) {
  const cidVersion = c.cidVersion ?? 0
  const options = {
    cidVersion,
    rawLeaves: c.rawLeaves ?? (cidVersion === 1),
    chunker: chunker(c),
    // Kubo's trickle (boxo trickledag.go) writes Type=Raw leaves and never reduces a single leaf to the root
    layout: c.trickle ? trickle({ maxChildrenPerNode: 174, layerRepeat: 4 }) : balanced({ maxChildrenPerNode: 174 }),
    leafType: c.trickle ? 'raw' : 'file',
    reduceSingleLeafToSelf: !c.trickle
  }
  let last
  for await (const e of importer([{ content: content(c) }], new BlackHoleBlockstore(), options)) {
    last = e.cid.toString()
  }
  return last
}

const input = []
for await (const chunk of process.stdin) {
  input.push(chunk)
}
const request = JSON.parse(Buffer.concat(input).toString('utf8'))
for (const c of request.cases) {
  process.stdout.write(['chunks', c.id, (await chunkSizes(c)).join(',')].join('\t') + '\n')
  process.stdout.write(['root', c.id, await root(c)].join('\t') + '\n')
}
