// A js-libp2p peer running @libp2p/kad-dht as a DHT server, for ferry's DHT interop tests.
//
// Stack: TCP + Noise + Yamux, identify, ping, kad-dht on /ipfs/lan/kad/1.0.0 with loopback addresses kept (the test
// network lives on 127.0.0.1). JSON lines as in ../lib/json-lines.mjs; first {"event":"ready","peerId","addrs"}.
// stdin commands: dial {addr} | provide {cid} | findprovs {cid, count} | closest {peer} | table {} | stop {};
// value records (IPNS, with js-ipns's validator and selector): put {key, value} | get {key} (base64 bytes);
// IPNS records alone: ipnsCreate {keyType, value, seq, lifetimeMs, ttlNs, v1} -> {name, record} |
// ipnsVerify {name, record} -> the record's fields as js-ipns reads them.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString, peerIdFromPrivateKey, peerIdFromCID } from '@libp2p/peer-id'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { createIPNSRecord, marshalIPNSRecord, unmarshalIPNSRecord, multihashToIPNSRoutingKey } from 'ipns'
import { ipnsValidator } from 'ipns/validator'
import { ipnsSelector } from 'ipns/selector'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { out, serveCommands } from '../lib/json-lines.mjs'

process.on('unhandledRejection', (err) => {
  process.stderr.write('unhandled rejection: ' + (err?.stack ?? err) + '\n')
})

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    dht: kadDHT({
      protocol: '/ipfs/lan/kad/1.0.0',
      clientMode: false,
      peerInfoMapper: passthroughMapper,
      allowQueryWithZeroPeers: true,
      validators: { ipns: ipnsValidator },
      selectors: { ipns: ipnsSelector }
    })
  }
})

const signal = () => AbortSignal.timeout(20000)
const b64 = (s) => new Uint8Array(Buffer.from(s, 'base64'))

async function command (msg) {
  switch (msg.cmd) {
    case 'dial': {
      const conn = await node.dial(multiaddr(msg.addr))
      return { peer: conn.remotePeer.toString() }
    }
    case 'provide': {
      // the service's provide is a generator of query events: the records go out as it is drained
      let sent = 0
      for await (const ev of node.services.dht.provide(CID.parse(msg.cid), { signal: signal() })) {
        if (ev.name === 'PEER_RESPONSE' && ev.messageName === 'ADD_PROVIDER') sent++
      }
      return { sent }
    }
    case 'findprovs': {
      const found = []
      for await (const ev of node.services.dht.findProviders(CID.parse(msg.cid), { signal: signal() })) {
        if (ev.name === 'PROVIDER') {
          for (const p of ev.providers) {
            found.push({ peer: p.id.toString(), addrs: p.multiaddrs.map(a => a.toString()) })
          }
          if (found.length >= (msg.count ?? 1)) break
        }
      }
      return { providers: found }
    }
    case 'closest': {
      const peers = []
      for await (const ev of node.services.dht.getClosestPeers(peerIdFromString(msg.peer).toMultihash().bytes, { signal: signal() })) {
        if (ev.name === 'FINAL_PEER') peers.push(ev.peer.id.toString())
      }
      return { peers }
    }
    case 'put': {
      let took = 0
      for await (const ev of node.services.dht.put(b64(msg.key), b64(msg.value), { signal: signal() })) {
        if (ev.name === 'PEER_RESPONSE' && ev.messageName === 'PUT_VALUE') took++
      }
      return { took }
    }
    case 'get': {
      for await (const ev of node.services.dht.get(b64(msg.key), { signal: signal() })) {
        if (ev.name === 'VALUE') return { value: Buffer.from(ev.value).toString('base64') }
      }
      return { value: null }
    }
    case 'ipnsCreate': {
      const key = msg.keyType === 'RSA' ? await generateKeyPair('RSA', 2048) : await generateKeyPair(msg.keyType)
      const record = await createIPNSRecord(key, msg.value, BigInt(msg.seq), msg.lifetimeMs,
        { v1Compatible: msg.v1, ttlNs: BigInt(msg.ttlNs) })
      return {
        name: peerIdFromPrivateKey(key).toCID().toString(base36),
        record: Buffer.from(marshalIPNSRecord(record)).toString('base64')
      }
    }
    case 'ipnsVerify': {
      const id = peerIdFromCID(CID.parse(msg.name, base36))
      const bytes = b64(msg.record)
      await ipnsValidator(multihashToIPNSRoutingKey(id.toMultihash()), bytes)
      const r = unmarshalIPNSRecord(bytes)
      return {
        value: r.value,
        sequence: r.sequence.toString(),
        validity: r.validity,
        ttl: r.ttl?.toString(),
        v1: r.signatureV1 != null,
        pubKey: r.pubKey != null
      }
    }
    case 'table': {
      return { size: node.services.dht.routingTable.size }
    }
    case 'stop': {
      await node.stop()
      setImmediate(() => process.exit(0))
      return {}
    }
    default:
      throw new Error('unknown command ' + msg.cmd)
  }
}

out({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(a => a.toString()) })

serveCommands(command, () => {
  node.stop().finally(() => process.exit(0))
})
