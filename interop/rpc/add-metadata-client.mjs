// Adds files and directories with UnixFS 1.5 metadata (mode, mtime) through ferry's RPC `add` with
// kubo-rpc-client, for ferry's KuboRpcAddMetadataInteropTest: metadata on entries (sent in each part's field name)
// and as options (sent as query options). Usage: node rpc/add-metadata-client.mjs <api url>
// Prints one JSON object with the CIDs returned. A file's content is `size` bytes, byte i = (i * 31 + seed) & 0xff.
import { create } from 'kubo-rpc-client'

const [url] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })

function content (size, seed) {
  const out = new Uint8Array(size)
  for (let i = 0; i < size; i++) {
    out[i] = (i * 31 + seed) & 0xff
  }
  return out
}

async function all (source, options) {
  const out = {}
  for await (const e of client.addAll(source, options)) {
    out[e.path] = e.cid.toString()
  }
  return out
}

async function error (f) {
  try {
    await f()
    return 'accepted'
  } catch (e) {
    return e.message
  }
}

const out = {}
// an entry's own mode and mtime
out.single = (await client.add({ content: content(100, 1), mode: 0o755, mtime: { secs: 1600000000, nsecs: 5 } })).cid.toString()
// a Date and a mode given as a string
out.date = (await client.add({ content: content(100, 1), mode: '0711', mtime: new Date(1600000000123) })).cid.toString()
// options for every entry
out.optioned = (await client.add(content(100, 1), { mode: 0o700, mtime: { secs: 1600000000, nsecs: 7 } })).cid.toString()
// a tree: directories and files with and without their own metadata, over options for the rest
out.tree = await all([
  { path: 'd', mode: 0o750, mtime: { secs: 1500000000 } },
  { path: 'd/a', content: content(300000, 2), mode: 0o711 },
  { path: 'd/b', content: content(10, 3) },
  { path: 'd/sub', mode: 0o700 },
  { path: 'd/sub/c', content: content(20, 4), mtime: { secs: -5, nsecs: 999999999 } }
], { mtime: { secs: 1700000000 }, chunker: 'size-65536' })
// preserving: entries without their own mode get none, the option's mode is not used
out.preserved = await all([
  { path: 'p', mode: 0o711 },
  { path: 'p/a', content: content(50, 5), mode: 0o701 },
  { path: 'p/b', content: content(50, 6) }
], { preserveMode: true, mode: 0o600 })
// CIDv1: raw leaves are turned off by metadata, the version stays
out.v1 = (await client.add(content(300000, 7), { cidVersion: 1, mode: 0o644 })).cid.toString()
out.v1Own = (await client.add({ content: content(300000, 7), mode: 0o644 }, { cidVersion: 1 })).cid.toString()
out.errRawLeaves = await error(() => client.add(content(10, 1), { rawLeaves: true, mode: 0o644 }))
out.errRawLeavesOwn = await error(() => client.add({ content: content(10, 1), mode: 0o644 }, { cidVersion: 1, rawLeaves: true }))
out.errNsecs = await error(() => client.add(content(10, 1), { searchParams: { 'mtime-nsecs': 5 } }))
out.errMode = await error(() => client.add(content(10, 1), { mode: '0x1ff' }))
process.stdout.write(JSON.stringify(out) + '\n')
