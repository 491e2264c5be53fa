// Decodes prefixed base256emoji text with the npm multiformats package, for ferry's MultibaseInteropTest.
// Usage: node multiformats/base256emoji-decode.mjs < texts.json
// stdin: a JSON array of strings (JSON escapes carry lone surrogates); prints a JSON array with, for each, the
// decoded bytes as hex, or null when the package refuses the text.
import { readFileSync } from 'node:fs'
import { base256emoji } from 'multiformats/bases/base256emoji'

const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

const out = JSON.parse(readFileSync(0, 'utf8')).map((text) => {
  try {
    return toHex(base256emoji.decode(text))
  } catch {
    return null
  }
})
console.log(JSON.stringify(out))
