// Encodes a fixed set of IPLD values with @ipld/dag-json and @ipld/dag-cbor, for ferry's DagJsonInteropTest.
// Prints one JSON line per value: {"json": base64 of the dag-json bytes, "cbor": base64 of the dag-cbor bytes};
// then 2,000 doubles of pseudo-random bit patterns (fixed seed) as {"bits": 16 hex digits, "text": dag-json's text}.
import * as dagJson from '@ipld/dag-json'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'

const link = CID.parse('bafyreigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi')
const samples = [
  null, true, false, 0, 1, -1, 23, 24, 255, 256, 65536, -65537, 2 ** 53 - 1, 9007199254740993n, -(2n ** 63n),
  18446744073709551615n,
  0.1, 1.5, -2.25, 123.456, 1e21, 1.2345e-7, 5e-324, 1.7976931348623157e308, 1e-7, 0.000001, 12345678.9,
  '', 'hello', 'quote " and backslash \\ and / slash', 'controls \b\f\n\r\t \u0001 \u001f \u007f',
  'unicode é 漢字 🚀', new Uint8Array([]), new Uint8Array([0, 1, 2, 253, 254, 255]), link,
  [], [1, [2, [3]]], {}, { b: 1, a: 2, aa: 3, '': 4, B: 5, é: 6 },
  { nested: { list: [link, new Uint8Array([9]), { x: null }], n: -5 }, float: 2.5 }
]
for (const s of samples) {
  process.stdout.write(JSON.stringify({
    json: Buffer.from(dagJson.encode(s)).toString('base64'),
    cbor: Buffer.from(dagCbor.encode(s)).toString('base64')
  }) + '\n')
}

// doubles across every exponent: the bits from a 64-bit xorshift with a fixed seed
let x = 0x9e3779b97f4a7c15n
const view = new DataView(new ArrayBuffer(8))
for (let i = 0; i < 2000; i++) {
  x ^= (x << 13n) & 0xffffffffffffffffn
  x ^= x >> 7n
  x ^= (x << 17n) & 0xffffffffffffffffn
  view.setBigUint64(0, x)
  const d = view.getFloat64(0)
  if (!Number.isFinite(d) || Number.isInteger(d)) continue
  process.stdout.write(JSON.stringify({
    bits: x.toString(16).padStart(16, '0'),
    text: new TextDecoder().decode(dagJson.encode(d))
  }) + '\n')
}
