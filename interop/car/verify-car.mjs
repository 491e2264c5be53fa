// Reads a CAR (v1 or v2) with @ipld/car, re-hashes every block and checks it against its CID, and decodes dag-pb and
// dag-cbor blocks with the reference codecs. Exits 1 on any mismatch or error.
// Usage: node car/verify-car.mjs <in.car>
// Prints "root <cid>" per root and "count <n>".
import fs from 'node:fs'
import { CarBlockIterator } from '@ipld/car/iterator'
import * as dagPb from '@ipld/dag-pb'
import * as dagCbor from '@ipld/dag-cbor'
import { sha256 } from 'multiformats/hashes/sha2'
import { equals } from 'multiformats/bytes'

const [input] = process.argv.slice(2)
try {
  const blocks = await CarBlockIterator.fromIterable(fs.createReadStream(input))
  const roots = await blocks.getRoots()
  let count = 0
  for await (const { cid, bytes } of blocks) {
    const mh = cid.multihash
    if (mh.code === sha256.code) {
      const digest = await sha256.digest(bytes)
      if (!equals(digest.digest, mh.digest)) throw new Error(`block ${cid} does not hash to its CID`)
    } else if (mh.code === 0x00) {
      if (!equals(mh.digest, bytes)) throw new Error(`identity block ${cid} does not match its CID`)
    } else {
      throw new Error(`block ${cid} uses an unexpected hash function 0x${mh.code.toString(16)}`)
    }
    if (cid.code === dagPb.code) dagPb.decode(bytes)
    if (cid.code === dagCbor.code) dagCbor.decode(bytes)
    count++
  }
  const lines = roots.map(r => `root ${r}`)
  lines.push(`count ${count}`)
  process.stdout.write(lines.join('\n') + '\n')
} catch (e) {
  process.stderr.write(`verify-car: ${e.message}\n`)
  process.exit(1)
}
