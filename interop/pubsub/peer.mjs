// A js-libp2p reference peer for ferry's pubsub interop tests.
//
// Stack: TCP (/ip4/127.0.0.1/tcp/0) + Noise + Yamux, identify, and one pubsub router chosen by FERRY_JS_PUBSUB:
//   gossipsub (default)  @libp2p/gossipsub: StrictSign, emitSelf false, allowPublishToZeroTopicPeers true,
//                        fallbackToFloodsub true (also speaks /floodsub/1.0.0), all else default (heartbeat 1 s, D=6, ...)
//                        FERRY_JS_FLOOD_PUBLISH=false turns flood publishing off (own messages to the mesh only)
//   floodsub             @libp2p/floodsub: StrictSign, emitSelf false
//
// Protocol with the driver: one JSON object per line. stdout: first {"event":"ready","peerId","addrs"}, then one
// reply per command {"id", "ok": true, ...} or {"id", "ok": false, "error"}, and events {"event": ...}.
// stdin commands:
//   dial {addr}                      -> {peer}
//   subscribe {topic}                -> {}
//   unsubscribe {topic}              -> {}
//   publish {topic, data}            -> {recipients: [peer id]}    data is base64
//   peers {topic}                    -> {peers: [peer id]}         remote peers known to be subscribed to topic
//   topics {}                        -> {topics: [topic]}          our own subscriptions
//   mesh {topic}                     -> {peers: [peer id]}         gossipsub mesh of topic; ok:false with floodsub
//   waitPeer {topic, peer, timeoutMs} -> {peers: [peer id]}        once peer is among the subscribers (polled every
//                                                                  50 ms); ok:false after timeoutMs (default 10000)
//   hold {key, value}                -> {}                         the fetch protocol answers key with value (both
//                                                                  base64; keys under /ipns/, as IPNS over pubsub)
//   fetch {peer, key}                -> {value}                    @libp2p/fetch asks peer for key (base64); value
//                                                                  null on NOT_FOUND
//   stop {}                          -> {}                         then stops libp2p and exits 0
// events:
//   {"event":"message","topic","from","data","seqno","type"}  a message on a topic we subscribe to; data base64,
//       seqno the sequence number as 16 hex digits (unsigned big-endian), type "signed" or "unsigned"
//       (from and seqno are null for unsigned messages)
//   {"event":"subscription-change","peer","subscriptions":[{"topic","subscribe"}]}  a remote peer's subscriptions
// The peer exits when stdin closes, and after 10 minutes in any case.
//
// Known quirk of @libp2p/floodsub 11.0.28: it sends its random seqno with leading zero bytes stripped, so about one
// message in 256 goes out with a 7-byte (or shorter) seqno; @libp2p/gossipsub rejects those (seqno must be 8 bytes).
// The "seqno" of a message event is padded to 16 digits whatever its length on the wire.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { gossipsub } from '@libp2p/gossipsub'
import { floodsub } from '@libp2p/floodsub'
import { multiaddr } from '@multiformats/multiaddr'
import { fetch as fetchService } from '@libp2p/fetch'
import { peerIdFromString } from '@libp2p/peer-id'
import { out, serveCommands } from '../lib/json-lines.mjs'

// a stray rejection inside libp2p (a timed-out background task) must not kill the peer mid-test
process.on('unhandledRejection', (err) => {
  process.stderr.write('unhandled rejection: ' + (err?.stack ?? err) + '\n')
})

const router = process.env.FERRY_JS_PUBSUB ?? 'gossipsub'
let pubsub
if (router === 'gossipsub') {
  pubsub = gossipsub({
    globalSignaturePolicy: 'StrictSign',
    emitSelf: false,
    allowPublishToZeroTopicPeers: true,
    fallbackToFloodsub: true,
    // FERRY_JS_FLOOD_PUBLISH=false: own messages go to the mesh only, so peers outside it learn of them by gossip
    floodPublish: process.env.FERRY_JS_FLOOD_PUBLISH !== 'false'
  })
} else if (router === 'floodsub') {
  pubsub = floodsub({ globalSignaturePolicy: 'StrictSign', emitSelf: false })
} else {
  process.stderr.write(`FERRY_JS_PUBSUB must be gossipsub or floodsub, not ${router}\n`)
  process.exit(2)
}

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), pubsub, fetch: fetchService() }
})
const ps = node.services.pubsub
const held = new Map() // base64 key -> value, answered over the fetch protocol
node.services.fetch.registerLookupFunction('/ipns/', async (key) => held.get(Buffer.from(key).toString('base64')))

let stopping = false
function shutdown (code) {
  if (stopping) return
  stopping = true
  node.stop().catch(() => {}).finally(() => process.exit(code))
  setTimeout(() => process.exit(code), 5000).unref() // never hang in stop()
}

// never outlive a test run that forgot us
setTimeout(() => {
  process.stderr.write('pubsub peer: 10 minutes passed, exiting\n')
  shutdown(0)
}, 10 * 60 * 1000).unref()

function seqnoHex (n) {
  // an over-long seqno (floodsub does not check the length) shows up as more than 16 digits rather than truncated
  return n == null ? null : BigInt(n).toString(16).padStart(16, '0')
}

ps.addEventListener('message', (evt) => {
  const m = evt.detail
  out({
    event: 'message',
    topic: m.topic,
    from: m.type === 'signed' ? m.from.toString() : null,
    data: Buffer.from(m.data).toString('base64'),
    seqno: m.type === 'signed' ? seqnoHex(m.sequenceNumber) : null,
    type: m.type
  })
})

ps.addEventListener('subscription-change', (evt) => {
  const { peerId, subscriptions } = evt.detail
  out({
    event: 'subscription-change',
    peer: peerId.toString(),
    subscriptions: subscriptions.map(s => ({ topic: s.topic, subscribe: s.subscribe }))
  })
})

function needTopic (msg) {
  if (typeof msg.topic !== 'string') throw new Error('topic (a string) is required')
  return msg.topic
}

function subscribers (topic) {
  return ps.getSubscribers(topic).map(p => p.toString())
}

async function command (msg) {
  switch (msg.cmd) {
    case 'dial': {
      const conn = await node.dial(multiaddr(msg.addr))
      return { peer: conn.remotePeer.toString() }
    }
    case 'subscribe':
      ps.subscribe(needTopic(msg))
      return {}
    case 'unsubscribe':
      ps.unsubscribe(needTopic(msg))
      return {}
    case 'publish': {
      const data = new Uint8Array(Buffer.from(msg.data ?? '', 'base64'))
      const r = await ps.publish(needTopic(msg), data)
      return { recipients: r.recipients.map(p => p.toString()) }
    }
    case 'hold':
      held.set(msg.key, new Uint8Array(Buffer.from(msg.value, 'base64')))
      return {}
    case 'fetch': {
      const v = await node.services.fetch.fetch(peerIdFromString(msg.peer),
        new Uint8Array(Buffer.from(msg.key, 'base64')), { signal: AbortSignal.timeout(10000) })
      return { value: v == null ? null : Buffer.from(v).toString('base64') }
    }
    case 'peers':
      return { peers: subscribers(needTopic(msg)) }
    case 'topics':
      return { topics: ps.getTopics() }
    case 'mesh':
      if (typeof ps.getMeshPeers !== 'function') throw new Error(`mesh is gossipsub only, this peer runs ${router}`)
      return { peers: ps.getMeshPeers(needTopic(msg)).map(p => p.toString()) }
    case 'waitPeer': {
      const topic = needTopic(msg)
      const deadline = Date.now() + (msg.timeoutMs ?? 10000)
      for (;;) {
        const peers = subscribers(topic)
        if (peers.includes(msg.peer)) return { peers }
        if (Date.now() >= deadline) {
          throw new Error(`timeout: ${msg.peer} not subscribed to ${topic} (subscribers: ${peers.join(', ') || 'none'})`)
        }
        await new Promise(resolve => setTimeout(resolve, 50))
      }
    }
    case 'stop':
      // the reply goes out first (the .then below runs before this immediate), then libp2p stops
      setImmediate(() => shutdown(0))
      return {}
    default:
      throw new Error('unknown command ' + msg.cmd)
  }
}

out({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(a => a.toString()) })

serveCommands(command, () => shutdown(0))
