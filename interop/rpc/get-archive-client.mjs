// Drives ferry's RPC get with kubo-rpc-client's archive options, for ferry's KuboRpcGetArchiveInteropTest.
// Usage: node rpc/get-archive-client.mjs <api url, e.g. http://127.0.0.1:5001/api/v0> <directory CID> <file CID>
// Prints one JSON object: each stream gunzipped with node:zlib and its tar entries read with it-tar (the tar
// reader kubo-rpc-client itself depends on), with a SHA-256 of every body, and the errors of refused calls.
import { create } from 'kubo-rpc-client'
import { extract } from 'it-tar'
import { gunzipSync } from 'node:zlib'
import { createHash } from 'node:crypto'

const [url, dir, file] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })

async function bytes (it) {
  const chunks = []
  for await (const c of it) chunks.push(c)
  return Buffer.concat(chunks)
}

const sha256 = b => createHash('sha256').update(b).digest('hex')

async function entries (tar) {
  const out = []
  for await (const e of extract()([tar])) {
    const body = await bytes(e.body)
    out.push({
      name: e.header.name.replace(/\/$/, ''),
      type: e.header.type,
      size: e.header.size,
      sha256: sha256(body)
    })
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
const tgz = await bytes(client.get(dir, { archive: true, compress: true, compressionLevel: 6 }))
out.gzipMagic = tgz.subarray(0, 2).toString('hex')
const tar = gunzipSync(tgz)
out.entries = await entries(tar)
const plain = await bytes(client.get(dir))
out.plainEntries = await entries(plain)
out.gunzippedIsThePlainTar = Buffer.compare(tar, plain) === 0
out.compressedSmaller = tgz.length < plain.length

const gz = await bytes(client.get(file, { compress: true, compressionLevel: 9 }))
out.fileSha256 = sha256(gunzipSync(gz))
const fileTgz = await bytes(client.get(file, { archive: true, compress: true }))
out.fileEntries = await entries(gunzipSync(fileTgz))

out.errDirectory = await error(() => bytes(client.get(dir, { compress: true })))
out.errLevel = await error(() => bytes(client.get(dir, { archive: true, compress: true, compressionLevel: 0 })))

console.log(JSON.stringify(out))
