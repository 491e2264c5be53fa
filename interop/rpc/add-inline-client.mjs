// Adds with Kubo's `inline` and `inline-limit` add options through ferry's RPC with kubo-rpc-client, which has no
// typed option for them: they go as search params, as for Kubo. For ferry's KuboRpcAddInlineInteropTest.
// Usage: node rpc/add-inline-client.mjs <api url>
// Prints one JSON object: the CIDs returned, the bytes cat reads back, and the error messages of refused limits.
import { create } from 'kubo-rpc-client'

const [url] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })
const text = (s) => new TextEncoder().encode(s)

async function error (f) {
  try {
    await f()
    return 'accepted'
  } catch (e) {
    return e.message
  }
}

async function cat (cid) {
  const parts = []
  for await (const chunk of client.cat(cid)) {
    parts.push(Buffer.from(chunk))
  }
  return Buffer.concat(parts).toString('utf8')
}

const out = {}
out.helloworld = (await client.add(text('helloworld\n'), { searchParams: { inline: true } })).cid.toString()
out.rawLeaves = (await client.add(text('jkD98jkD975hkD8\n'), { rawLeaves: true, searchParams: { inline: true } })).cid.toString()
out.limit64 = (await client.add(text('x'.repeat(50)), { searchParams: { inline: true, 'inline-limit': 64 } })).cid.toString()
out.notInlined = (await client.add(text('x'.repeat(50)), { searchParams: { inline: true } })).cid.toString()
out.tree = {}
for await (const e of client.addAll([
  { path: 'd/a', content: text('a') },
  { path: 'd/b', content: text('b'.repeat(100)) }
], { cidVersion: 1, searchParams: { inline: true } })) {
  out.tree[e.path] = e.cid.toString()
}
out.catHello = await cat(out.helloworld)
out.catTree = await cat(out.tree.d + '/a')
out.errTooLarge = await error(() => client.add(text('x'), { searchParams: { inline: true, 'inline-limit': 129 } }))
console.log(JSON.stringify(out))
