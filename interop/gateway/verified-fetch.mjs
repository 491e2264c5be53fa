// Fetches content with @helia/verified-fetch through ONE trustless gateway (ferry's), which it must verify block by
// block: an HTTP-only Helia (no libp2p, no delegated routing) whose only provider is the given gateway.
// Usage: node gateway/verified-fetch.mjs <gateway-url> <resource> [<resource>...]
//   resource: "<ipfs path>" for deserialized bytes, or "raw:<cid>" for the raw block
// Prints per resource: "ok <index> <status> <base64 body>"; exits 1 on any failure.
import { createHeliaLight } from 'helia'
import { withHTTP } from '@helia/http'
import { createVerifiedFetch } from '@helia/verified-fetch'

const [gateway, ...resources] = process.argv.slice(2)
let helia
try {
  helia = withHTTP(createHeliaLight(), {
    delegatedRouters: [],
    recursiveGateways: [gateway],
    allowLocal: true,
    allowInsecure: true
  })
  // a router that finds nothing, so that provider lookups end (see JS-PEERS.md)
  helia.addRouter({ name: 'none', async * findProviders () {} })
  await helia.start()
  const fetch = await createVerifiedFetch(helia)
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i]
    const signal = AbortSignal.timeout(60_000)
    const res = r.startsWith('raw:')
      ? await fetch(`ipfs://${r.slice(4)}`, { headers: { accept: 'application/vnd.ipld.raw' }, signal })
      : await fetch(`ipfs://${r}`, { signal })
    const body = new Uint8Array(await res.arrayBuffer())
    if (res.status !== 200) {
      throw new Error(`${r}: status ${res.status}: ${new TextDecoder().decode(body).slice(0, 300)}`)
    }
    process.stdout.write(`ok ${i} ${res.status} ${Buffer.from(body).toString('base64')}\n`)
  }
  await fetch.stop?.()
  await helia.stop()
  process.exit(0)
} catch (e) {
  process.stderr.write(`verified-fetch: ${e.stack ?? e.message}\n`)
  process.exit(1)
}
