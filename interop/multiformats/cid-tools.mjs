// Converts CIDs with the npm multiformats package, for ferry's CidFormatInteropTest.
// Usage: node multiformats/cid-tools.mjs <cid>...
// Prints one JSON object: for each input CID, its v1 text in each base (keyed by go-multibase's base name),
// and its v0 text when it has one.
import { CID } from 'multiformats/cid'
import { base2 } from 'multiformats/bases/base2'
import { base16, base16upper } from 'multiformats/bases/base16'
import { base32, base32upper, base32pad, base32padupper, base32hex, base32hexupper, base32hexpad, base32hexpadupper } from 'multiformats/bases/base32'
import { base36, base36upper } from 'multiformats/bases/base36'
import { base58btc, base58flickr } from 'multiformats/bases/base58'
import { base64, base64pad, base64url, base64urlpad } from 'multiformats/bases/base64'
import { base256emoji } from 'multiformats/bases/base256emoji'

const bases = {
  base2, base16, base16upper, base32, base32upper, base32pad, base32padupper, base32hex, base32hexupper,
  base32hexpad, base32hexpadupper, base36, base36upper, base58btc, base58flickr, base64, base64pad, base64url,
  base64urlpad, base256emoji
}
const decoder = Object.values(bases).map(b => b.decoder).reduce((a, d) => a.or(d))
// a composed decoder looks its base up by the text's first UTF-16 unit, half of base256emoji's prefix: ask it directly
const decoderOf = (text) => text.startsWith(base256emoji.prefix) ? base256emoji.decoder : decoder

const out = {}
for (const text of process.argv.slice(2)) {
  const cid = CID.parse(text, text.startsWith('Qm') ? undefined : decoderOf(text))
  const v1 = cid.toV1()
  const row = { v1: {} }
  for (const [name, base] of Object.entries(bases)) row.v1[name] = v1.toString(base)
  try {
    row.v0 = cid.toV0().toString()
  } catch {
    row.v0 = null
  }
  out[text] = row
}
console.log(JSON.stringify(out))
