// Drives ferry's bitswap, swarm addrs, repo, stats and bootstrap RPC with kubo-rpc-client, for ferry's
// KuboRpcExtrasInteropTest. Two ferry nodes run: A serves, B wants.
// Usage: node rpc/extras-client.mjs <A's api url> <B's api url> <A's peer id> <B's peer id> <B's open want>
//        <a want B sent A> <bootstrap address 1> <bootstrap address 2>
// Prints one JSON object with what each call returned (BigInts and multiaddrs as strings).
import { create } from 'kubo-rpc-client'
import { peerIdFromString } from '@libp2p/peer-id'

const [urlA, urlB, idA, idB, ownWant, peerWant, boot1, boot2] = process.argv.slice(2)
const a = create({ url: urlA, timeout: 60000 })
const b = create({ url: urlB, timeout: 60000 })

async function error (f) {
  try {
    await f()
    return 'accepted'
  } catch (e) {
    return e.message
  }
}

function stat (s) {
  return {
    provideBufLen: s.provideBufLen,
    wantlist: s.wantlist.map(c => c.toString()),
    peers: s.peers.map(p => p.toString()),
    blocksReceived: s.blocksReceived.toString(),
    dataReceived: s.dataReceived.toString(),
    blocksSent: s.blocksSent.toString(),
    dataSent: s.dataSent.toString(),
    dupBlksReceived: s.dupBlksReceived.toString(),
    dupDataReceived: s.dupDataReceived.toString()
  }
}

function repoStat (s) {
  return {
    numObjects: s.numObjects.toString(),
    repoSize: s.repoSize.toString(),
    storageMax: s.storageMax.toString(),
    repoPath: s.repoPath,
    version: s.version
  }
}

const peers = r => r.Peers.map(m => m.toString())

const out = {}
out.ownWantlist = (await b.bitswap.wantlist()).map(c => c.toString())
out.peerWantlist = (await a.bitswap.wantlistForPeer(peerIdFromString(idB))).map(c => c.toString())
out.selfWantlist = (await b.bitswap.wantlistForPeer(idB)).map(c => c.toString())
out.aOwnWantlist = (await a.bitswap.wantlist()).map(c => c.toString())
out.statA = stat(await a.bitswap.stat())
out.statB = stat(await b.bitswap.stat())
out.statsBitswapB = stat(await b.stats.bitswap())

out.addrsA = (await a.swarm.addrs()).map(p => ({ id: p.id.toString(), addrs: p.addrs.map(m => m.toString()) }))
out.localA = (await a.swarm.localAddrs()).map(m => m.toString())
out.localIdA = (await a.swarm.localAddrs({ id: true })).map(m => m.toString())

out.repoVersion = await a.repo.version()
out.repoStat = repoStat(await a.repo.stat())
out.statsRepo = repoStat(await a.stats.repo())

out.bootstrapBefore = peers(await a.bootstrap.list())
out.bootstrapAdd = peers(await a.bootstrap.add(boot1))
out.bootstrapAddAgain = peers(await a.bootstrap.add(boot2))
out.bootstrapAddKnown = peers(await a.bootstrap.add(boot1))
out.bootstrapList = peers(await a.bootstrap.list())
out.bootstrapRm = peers(await a.bootstrap.rm(boot1))
out.bootstrapDefault = peers(await a.bootstrap.add(undefined, { default: true }))
out.bootstrapAll = peers(await a.bootstrap.rm(undefined, { all: true }))
out.bootstrapAfter = peers(await a.bootstrap.list())
out.errBootstrapAdd = await error(() => a.bootstrap.add('/ip4/127.0.0.1/tcp/1'))
out.errWantlistPeer = await error(() => a.bitswap.wantlistForPeer('not-a-peer'))
out.idA = idA
out.ownWant = ownWant
out.peerWant = peerWant

console.log(JSON.stringify(out))
