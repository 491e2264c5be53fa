// Encodes bytes in every base of the npm multiformats package, for ferry's MultibaseInteropTest.
// Usage: node multiformats/multibase-all.mjs <hex>...
// Prints one JSON object: for each input (as hex), its text in each base, keyed by the base's name.
import { bases } from 'multiformats/basics'

const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16))

const out = {}
for (const hex of process.argv.slice(2)) {
  const data = fromHex(hex)
  const row = {}
  for (const base of Object.values(bases)) {
    row[base.name] = base.encoder.encode(data)
  }
  out[hex] = row
}
console.log(JSON.stringify(out))
