// Drives ferry's files/chmod, files/touch and the metadata of files/stat, for ferry's KuboRpcFilesInteropTest.
// Usage: node rpc/files-metadata-client.mjs <api url, e.g. http://127.0.0.1:5001/api/v0>
// kubo-rpc-client 7 has no files.chmod or files.touch: they are posted as Kubo's HTTP API takes them, and
// kubo-rpc-client's files.stat parses what they set (Mode in octal text, Mtime and MtimeNsecs).
// Prints one JSON object with what each call returned.
import { create } from 'kubo-rpc-client'

const [url] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })

async function post (command, query) {
  const res = await fetch(`${url}/${command}?${query}`, { method: 'POST' })
  return { status: res.status, body: await res.text() }
}

function meta (st) {
  return { type: st.type, mode: st.mode ?? null, mtime: st.mtime ?? null, cid: st.cid.toString() }
}

const out = {}
await client.files.write('/meta/file.txt', 'with metadata', { create: true, parents: true })
out.plain = meta(await client.files.stat('/meta/file.txt'))
out.chmod = await post('files/chmod', 'arg=0640&arg=' + encodeURIComponent('/meta/file.txt'))
out.touch = await post('files/touch', 'arg=' + encodeURIComponent('/meta/file.txt') + '&mtime=1630937926&mtime-nsecs=500')
out.file = meta(await client.files.stat('/meta/file.txt'))
await post('files/chmod', 'arg=755&arg=/meta')
out.dir = meta(await client.files.stat('/meta'))

// cp and mv keep the node (and its metadata); a write keeps the mode and makes the mtime now
await client.files.cp('/meta/file.txt', '/meta/copy.txt')
await client.files.mv('/meta/copy.txt', '/moved.txt')
out.moved = meta(await client.files.stat('/moved.txt'))
const before = Math.floor(Date.now() / 1000)
await client.files.write('/moved.txt', 'WITH', { offset: 0 })
out.written = meta(await client.files.stat('/moved.txt'))
out.writtenAfter = out.written.mtime.secs >= before
out.read = Buffer.concat(await (async () => { const c = []; for await (const x of client.files.read('/moved.txt')) c.push(x); return c })()).toString()

out.badMode = await post('files/chmod', 'arg=9&arg=/meta')
out.missing = await post('files/chmod', 'arg=644&arg=/nope')
out.badNsecs = await post('files/touch', 'arg=/meta&mtime=5&mtime-nsecs=1000000000')
console.log(JSON.stringify(out))
