// Drives ferry's RPC API with kubo-rpc-client, for ferry's KuboRpcClientInteropTest.
// Usage: node rpc/client.mjs <api url, e.g. http://127.0.0.1:5001/api/v0> <directory to add>
// Prints one JSON object with what each call returned; the test checks it against ferry's node and importer.
// The same tree is also imported with ipfs-unixfs-importer (Kubo's defaults, blocks discarded) for comparison.
import { create } from 'kubo-rpc-client'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { BlackHoleBlockstore } from 'blockstore-core/black-hole'
import * as fs from 'node:fs'
import * as nodePath from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const [url, dir] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })
const byNameBytes = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))

// the tree as kubo-rpc-client users pass it: files with their paths, empty directories as entries of their own
function entries (abs, rel) {
  const out = []
  const st = fs.lstatSync(abs)
  if (st.isDirectory()) {
    const names = fs.readdirSync(abs).sort(byNameBytes)
    out.push({ path: rel })
    for (const n of names) {
      out.push(...entries(nodePath.join(abs, n), rel + '/' + n))
    }
  } else {
    out.push({ path: rel, content: fs.readFileSync(abs) })
  }
  return out
}

async function jsImport (source) {
  let last
  for await (const e of importer(source, new BlackHoleBlockstore(), {
    cidVersion: 0,
    rawLeaves: false,
    chunker: fixedSize({ chunkSize: 262144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
    leafType: 'file',
    reduceSingleLeafToSelf: true,
    shardSplitThresholdBytes: 262144,
    shardSplitStrategy: 'links-bytes',
    shardFanoutBits: 8,
    fieldOrder: 'links-first'
  })) {
    last = e
  }
  return last.cid.toString()
}

async function collect (it) {
  const out = []
  for await (const x of it) out.push(x)
  return out
}

const out = {}
const id = await client.id()
out.id = id.id.toString()
out.version = (await client.version()).version
out.swarmPeers = (await client.swarm.peers()).length

const hello = new TextEncoder().encode('hello from kubo-rpc-client\n')
const added = await client.add({ path: 'hello.txt', content: hello }, { pin: false })
out.file = { cid: added.cid.toString(), path: added.path, size: added.size }
out.fileJs = await jsImport([{ path: 'hello.txt', content: hello }])
out.cat = Buffer.concat(await collect(client.cat(added.cid))).toString('utf8')
out.catRange = Buffer.concat(await collect(client.cat(added.cid, { offset: 6, length: 4 }))).toString('utf8')

const tree = entries(dir, nodePath.basename(dir))
const all = await collect(client.addAll(tree.map(e => ({ ...e }))))
out.dir = all.map(e => ({ path: e.path, cid: e.cid.toString(), size: e.size }))
out.dirJs = await jsImport(tree.filter(e => e.content !== undefined || fs.readdirSync(nodePath.join(nodePath.dirname(dir), e.path)).length === 0))
const root = all[all.length - 1].cid
out.ls = (await collect(client.ls(root))).map(e => ({ name: e.name, type: e.type, size: e.size, cid: e.cid.toString() }))

const pinned = await client.pin.add(added.cid)
out.pinAdd = pinned.toString()
out.pinLs = (await collect(client.pin.ls({ type: 'recursive' }))).map(p => ({ cid: p.cid.toString(), type: p.type }))
out.pinRm = (await client.pin.rm(added.cid)).toString()
out.pinLsAfter = (await collect(client.pin.ls({ type: 'recursive' }))).map(p => p.cid.toString())

const blockData = new TextEncoder().encode('a raw block from js')
const bcid = await client.block.put(blockData)
out.blockPut = bcid.toString()
out.blockGet = Buffer.from(await client.block.get(bcid)).toString('utf8')
const bstat = await client.block.stat(bcid)
out.blockStat = { cid: bstat.cid.toString(), size: bstat.size }
out.blockRm = (await collect(client.block.rm(bcid))).map(r => ({ cid: r.cid.toString(), error: r.error ? r.error.message : null }))

const car = Buffer.concat(await collect(client.dag.export(root)))
out.carBytes = car.length
out.dagImport = (await collect(client.dag.import([car]))).map(r => ({ cid: r.root.cid.toString(), pinErrorMsg: r.root.pinErrorMsg }))

out.repoStat = { numObjects: Number((await client.repo.stat()).numObjects) }
const gc = await collect(client.repo.gc())
out.gcErrors = gc.filter(r => r.err != null).length
out.configGet = await client.config.get('Datastore.StorageMax')

// pubsub: the node delivers its own messages to its subscribers, so one node is enough to see every shape
const topic = 'kubo-rpc topic/ü'
const received = []
await client.pubsub.subscribe(topic, (m) => received.push(m))
out.pubsubLs = await client.pubsub.ls()
await client.pubsub.publish(topic, new TextEncoder().encode('pubsub via rpc'))
for (let i = 0; i < 100 && received.length === 0; i++) {
  await new Promise(resolve => setTimeout(resolve, 50))
}
out.pubsubMessages = received.map(m => ({
  type: m.type,
  from: m.from?.toString(),
  data: new TextDecoder().decode(m.data),
  seqno: m.sequenceNumber?.toString(),
  topic: m.topic
}))
out.pubsubPeers = await client.pubsub.peers(topic)
await client.pubsub.unsubscribe(topic)

// dag put/get: the object encoded here as dag-cbor, stored by ferry under the CID computed here too
const node = { hello: 'dag', n: 1, f: 1.5, link: added.cid, bytes: new Uint8Array([1, 2]), list: [null, true] }
out.dagPut = (await client.dag.put(node)).toString()
out.dagPutExpected = CID.create(1, dagCbor.code, await sha256.digest(dagCbor.encode(node))).toString()
const got = (await client.dag.get(CID.parse(out.dagPut))).value
out.dagGet = { hello: got.hello, n: got.n, f: got.f, link: got.link.toString(), bytes: Array.from(got.bytes) }
out.dagGetPath = (await client.dag.get(CID.parse(out.dagPut), { path: '/hello' })).value
out.dagJsonPut = (await client.dag.put({ a: [1, 'x'] }, { storeCodec: 'dag-json' })).toString()

// IPNS: the node has no DHT peers here, so names are published with allowOffline (the file again: gc took it)
await client.add({ path: 'hello.txt', content: hello })
const keyGen = await client.key.gen('rpc-key', { type: 'ed25519' })
out.keyGen = { name: keyGen.name, id: keyGen.id }
out.keyList = (await client.key.list()).map(k => ({ name: k.name, id: k.id }))
const pub = await client.name.publish(added.cid, { allowOffline: true, key: 'rpc-key', ttl: '1m', lifetime: '2h' })
out.namePublish = { name: pub.name, value: pub.value }
out.nameResolve = await collect(client.name.resolve('/ipns/' + pub.name))
out.catIpns = Buffer.concat(await collect(client.cat('/ipns/' + pub.name))).toString('utf8')
for await (const ev of client.routing.get('/ipns/' + pub.name)) {
  if (ev.name === 'VALUE') out.routingGet = Buffer.from(ev.value).toString('base64')
}
out.routingPut = []
for await (const ev of client.routing.put('/ipns/' + pub.name, Buffer.from(out.routingGet, 'base64'), { allowOffline: true })) {
  out.routingPut.push(ev.name)
}
try {
  for await (const ev of client.routing.put('/ipns/' + pub.name, new TextEncoder().encode('not a record'), { allowOffline: true })) {
    out.routingPutBad = ev.name
  }
} catch (e) {
  out.routingPutBad = e.message
}
out.namePubsubState = (await client.name.pubsub.state()).enabled
out.namePubsubSubs = await client.name.pubsub.subs()
out.namePubsubCancel = (await client.name.pubsub.cancel('/ipns/' + pub.name)).canceled
out.namePubsubSubsAfter = await client.name.pubsub.subs()
const removed = await client.key.rm('rpc-key')
out.keyRm = { name: removed.name, id: removed.id }
try {
  await client.name.publish(added.cid, { key: 'self' })
  out.publishOnline = 'accepted'
} catch (e) {
  out.publishOnline = e.message
}

try {
  await collect(client.cat('not-a-cid'))
  out.badCid = 'accepted'
} catch (e) {
  out.badCid = e.message
}

console.log(JSON.stringify(out))
