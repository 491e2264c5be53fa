// Reads ferry's HTML preview of dag-json / dag-cbor documents as a browser asks for it, and checks with
// @ipld/dag-json that the previewed text (anchors removed, entities undone) is the document itself.
// Usage: node gateway/dag-preview.mjs <gateway-url> <cid> [<cid>...]
// Prints per CID: "ok <cid> <number of anchors>"; exits 1 on any difference.
import * as dagJson from '@ipld/dag-json'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const [gateway, ...cids] = process.argv.slice(2)
try {
  for (const text of cids) {
    const cid = CID.parse(text)
    const page = await fetch(`${gateway}/ipfs/${text}/`, { headers: { accept: BROWSER } })
    const type = page.headers.get('content-type') ?? ''
    if (page.status !== 200 || !type.startsWith('text/html')) {
      throw new Error(`${text}: status ${page.status}, type ${type}`)
    }
    const html = await page.text()
    const pre = /<pre>([\s\S]*)<\/pre>/.exec(html)
    if (pre == null) {
      throw new Error(`${text}: no <pre> in the page`)
    }
    let anchors = 0
    const plain = pre[1].replace(/<a href="\/ipfs\/([^"]+)">([^<]*)<\/a>/g, (all, href, shown) => {
      if (href !== shown) {
        throw new Error(`${text}: anchor to ${href} shows ${shown}`)
      }
      anchors++
      return shown
    })
    if (/<[a-z/]/i.test(plain)) {
      throw new Error(`${text}: markup left in the preview`)
    }
    const unescaped = plain.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')
    const shown = dagJson.decode(new TextEncoder().encode(unescaped))
    const raw = new Uint8Array(await (await fetch(`${gateway}/ipfs/${text}?format=raw`)).arrayBuffer())
    const stored = cid.code === dagCbor.code ? dagCbor.decode(raw) : dagJson.decode(raw)
    const a = Buffer.from(dagJson.encode(shown))
    const b = Buffer.from(dagJson.encode(stored))
    if (!a.equals(b)) {
      throw new Error(`${text}: the preview is not the document:\n${a}\n${b}`)
    }
    process.stdout.write(`ok ${text} ${anchors}\n`)
  }
  process.exit(0)
} catch (e) {
  process.stderr.write(`dag-preview: ${e.stack ?? e.message}\n`)
  process.exit(1)
}
