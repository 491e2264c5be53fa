// Drives ferry's files/* RPC (the MFS) with kubo-rpc-client, for ferry's KuboRpcFilesInteropTest.
// Usage: node rpc/files-client.mjs <api url, e.g. http://127.0.0.1:5001/api/v0>
// Prints one JSON object with what each call returned. The bytes written are also imported with
// ipfs-unixfs-importer (ipfs add's defaults, blocks discarded), whose CIDs the test compares with ferry's.
import { create } from 'kubo-rpc-client'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { BlackHoleBlockstore } from 'blockstore-core/black-hole'

const [url] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })

// 600,000 bytes that Java recreates the same way: (i * 31 + 7) mod 251
const big = new Uint8Array(600000)
for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) % 251

async function jsImport (bytes, cidVersion) {
  let last
  for await (const e of importer([{ content: bytes }], new BlackHoleBlockstore(), {
    cidVersion,
    rawLeaves: cidVersion === 1,
    chunker: fixedSize({ chunkSize: 262144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
    leafType: 'file',
    reduceSingleLeafToSelf: true
  })) {
    last = e
  }
  return last.cid.toString()
}

async function text (it) {
  const chunks = []
  for await (const c of it) chunks.push(c)
  return Buffer.concat(chunks).toString('utf8')
}

async function collect (it) {
  const out = []
  for await (const x of it) out.push(x)
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
out.rootBefore = (await client.files.stat('/')).cid.toString()
await client.files.mkdir('/app/data', { parents: true })
await client.files.write('/app/data/hello.txt', 'hello mfs', { create: true })
await client.files.write('/app/data/hello.txt', 'MFS', { offset: 6 })
out.hello = await text(client.files.read('/app/data/hello.txt'))
out.helloPart = await text(client.files.read('/app/data/hello.txt', { offset: 2, length: 3 }))
await client.files.write('/app/data/big.bin', big, { create: true })
await client.files.write('/v1/big.bin', big, { create: true, parents: true, cidVersion: 1 })
out.bigJs = await jsImport(big, 0)
out.bigV1Js = await jsImport(big, 1)
const st = await client.files.stat('/app/data/big.bin')
out.bigStat = { cid: st.cid.toString(), size: st.size, cumulativeSize: st.cumulativeSize, blocks: st.blocks, type: st.type }
out.bigV1 = (await client.files.stat('/v1/big.bin')).cid.toString()
out.local = (await client.files.stat('/app', { withLocal: true })).local

const added = await client.add('added through the client', { pin: false })
await client.files.cp(added.cid, '/app/copied')
await client.files.mv('/app/copied', '/app/data/moved')
out.moved = await text(client.files.read('/app/data/moved'))
out.ls = (await collect(client.files.ls('/app/data'))).map(e => ({ name: e.name, type: e.type, size: e.size, cid: e.cid.toString() }))
out.addedCid = added.cid.toString()
const toFiles = await client.add({ path: 'via-add.txt', content: 'added into the MFS' }, { toFiles: '/app/data/' })
out.toFilesCid = toFiles.cid.toString()
out.toFilesStat = (await client.files.stat('/app/data/via-add.txt')).cid.toString()

out.errWriteMissing = await error(() => client.files.write('/nope', 'x'))
out.errRmDir = await error(() => client.files.rm('/app'))
await client.files.rm('/app/data/hello.txt')
out.lsAfterRm = (await collect(client.files.ls('/app/data'))).map(e => e.name).filter(n => n !== 'via-add.txt')
await client.files.rm('/app', { recursive: true })
out.lsRoot = (await collect(client.files.ls('/'))).map(e => e.name)
out.flushed = (await client.files.flush('/')).toString()
out.rootAfter = (await client.files.stat('/')).cid.toString()

console.log(JSON.stringify(out))
