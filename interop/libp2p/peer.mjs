// A js-libp2p reference peer for ferry's host interop tests.
//
// Stack: TCP + Noise + Yamux, identify, ping, and three test protocols:
//   /echo/1.0.0  echoes every byte until the dialer closes its write side
//   /sink/1.0.0  reads to EOF, answers sha256 (32 bytes) || byte count (8 bytes, big-endian), closes
//   /slow/1.0.0  pauses reading at once (no yamux window updates) until the "resume" command, then acts as a sink
//
// Protocol with the driver: one JSON object per line. stdout: first {"event":"ready","peerId","addrs"}, then one
// reply per command {"id", "ok", ...} or {"id", "ok": false, "error"}, and events {"event": ...}.
// stdin commands: dial {addr} (replies with the muxer and whether the upgrade ran a multistream round for it) |
// ping {addr} | peerinfo {peer} | echo {addr, streams, size} | send {addr, protocol, size} | resume {} | stop {}.
// With FERRY_JS_SWARM_KEY=<path of a swarm.key file> the peer lives in that private network (@libp2p/pnet).
// With FERRY_JS_TRANSPORT=ws it listens and dials over WebSockets only (@libp2p/websockets) instead of TCP.
// With FERRY_JS_ENCRYPTION=tls it secures connections with libp2p TLS only (@libp2p/tls) instead of Noise.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@chainsafe/libp2p-noise'
import { tls } from '@libp2p/tls'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { preSharedKey } from '@libp2p/pnet'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { createHash } from 'node:crypto'
import { out, serveCommands } from '../lib/json-lines.mjs'
import { readFileSync } from 'node:fs'

// a stray rejection inside libp2p (a timed-out background task) must not kill the peer mid-test
process.on('unhandledRejection', (err) => {
  process.stderr.write('unhandled rejection: ' + (err?.stack ?? err) + '\n')
})

const CHUNK = 64 * 1024
const STREAM_LIMITS = { maxInboundStreams: 256, maxOutboundStreams: 256 }

// the same generator as the Java side: byte i = (i ^ i>>>8 ^ i>>>16 ^ i>>>24) + seed
function gen (offset, len, seed) {
  const b = new Uint8Array(len)
  for (let j = 0; j < len; j++) {
    const i = offset + j
    b[j] = ((i ^ (i >>> 8) ^ (i >>> 16) ^ (i >>> 24)) + seed) & 0xff
  }
  return b
}

function toBytes (chunk) {
  return chunk instanceof Uint8Array ? chunk : chunk.subarray()
}

async function sendAll (stream, size, seed) {
  for (let off = 0; off < size; off += CHUNK) {
    const n = Math.min(CHUNK, size - off)
    if (!stream.send(gen(off, n, seed))) {
      await stream.onDrain()
    }
  }
}

async function readAll (stream) {
  const chunks = []
  let total = 0
  for await (const c of stream) {
    const b = toBytes(c)
    chunks.push(b)
    total += b.byteLength
  }
  return Buffer.concat(chunks, total)
}

async function sinkTo (stream) {
  const hash = createHash('sha256')
  let count = 0
  for await (const c of stream) {
    const b = toBytes(c)
    hash.update(b)
    count += b.byteLength
  }
  const digest = hash.digest()
  const reply = Buffer.alloc(40)
  digest.copy(reply, 0)
  reply.writeBigUInt64BE(BigInt(count), 32)
  stream.send(reply)
  await stream.close()
  return { bytes: count, sha256: digest.toString('hex') }
}

const swarmKey = process.env.FERRY_JS_SWARM_KEY
const overWs = process.env.FERRY_JS_TRANSPORT === 'ws'
const node = await createLibp2p({
  ...(swarmKey ? { connectionProtector: preSharedKey({ psk: readFileSync(swarmKey) }) } : {}),
  addresses: { listen: [overWs ? '/ip4/127.0.0.1/tcp/0/ws' : '/ip4/127.0.0.1/tcp/0'] },
  transports: [overWs ? webSockets() : tcp()],
  connectionEncrypters: [process.env.FERRY_JS_ENCRYPTION === 'tls' ? tls() : noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), ping: ping() }
})

await node.handle('/echo/1.0.0', async (stream) => {
  try {
    for await (const c of stream) {
      if (!stream.send(toBytes(c))) {
        await stream.onDrain()
      }
    }
    await stream.close()
  } catch (err) {
    stream.abort(err)
  }
}, STREAM_LIMITS)

await node.handle('/sink/1.0.0', async (stream) => {
  try {
    const r = await sinkTo(stream)
    out({ event: 'sink', ...r })
  } catch (err) {
    stream.abort(err)
  }
}, STREAM_LIMITS)

const slow = []
await node.handle('/slow/1.0.0', async (stream) => {
  stream.pause() // no window updates from now on: the writer must block
  stream.maxReadBufferLength = 64 * 1024 * 1024
  slow.push(stream)
  out({ event: 'slow-open' })
}, STREAM_LIMITS)

async function command (msg) {
  switch (msg.cmd) {
    case 'dial': {
      // the upgrader reports a multistream round for the muxer as 'upgrader:multiplex-outbound-connection'; a muxer
      // agreed inside the security handshake skips it
      const progress = []
      const conn = await node.dial(multiaddr(msg.addr), { onProgress: (e) => progress.push(e.type) })
      return {
        peer: conn.remotePeer.toString(),
        muxer: conn.multiplexer ?? null,
        muxerRound: progress.includes('upgrader:multiplex-outbound-connection'),
        upgraded: progress.includes('upgrader:encrypt-outbound-connection')
      }
    }
    case 'ping': {
      const rtt = await node.services.ping.ping(multiaddr(msg.addr))
      return { rtt }
    }
    case 'peerinfo': {
      // identify runs in the background after connecting: wait (bounded) until it has filled the peer store
      const id = peerIdFromString(msg.peer)
      let p
      for (let i = 0; i < 200; i++) {
        p = await node.peerStore.get(id).catch(() => null)
        if (p != null && p.metadata.has('AgentVersion') && (msg.protocol == null || p.protocols.includes(msg.protocol))) break
        await new Promise(resolve => setTimeout(resolve, 50))
      }
      if (p == null) throw new Error('peer unknown: ' + msg.peer)
      const agent = p.metadata.get('AgentVersion')
      return {
        agentVersion: agent == null ? null : new TextDecoder().decode(agent),
        protocols: p.protocols,
        addrs: p.addresses.map(a => a.multiaddr.toString()),
        // set only when identify carried a signed peer record that js-libp2p verified
        hasRecord: p.peerRecordEnvelope != null,
        certifiedAddrs: p.addresses.filter(a => a.isCertified).map(a => a.multiaddr.toString())
      }
    }
    case 'echo': {
      const ma = multiaddr(msg.addr)
      const jobs = []
      for (let s = 0; s < msg.streams; s++) {
        jobs.push((async () => {
          const stream = await node.dialProtocol(ma, '/echo/1.0.0', STREAM_LIMITS)
          const reading = readAll(stream)
          await sendAll(stream, msg.size, s)
          await stream.close()
          const got = await reading
          const want = gen(0, msg.size, s)
          if (got.byteLength !== msg.size || Buffer.compare(got, want) !== 0) {
            throw new Error(`stream ${s}: echo differs (${got.byteLength} bytes back)`)
          }
        })())
      }
      await Promise.all(jobs)
      return { streams: msg.streams, bytes: msg.streams * msg.size }
    }
    case 'send': {
      const stream = await node.dialProtocol(multiaddr(msg.addr), msg.protocol, STREAM_LIMITS)
      const reading = readAll(stream)
      await sendAll(stream, msg.size, 0)
      await stream.close()
      const reply = await reading
      const want = createHash('sha256')
      for (let off = 0; off < msg.size; off += CHUNK) {
        want.update(gen(off, Math.min(CHUNK, msg.size - off), 0))
      }
      const digest = want.digest('hex')
      const got = Buffer.from(reply.subarray(0, 32)).toString('hex')
      const count = Number(Buffer.from(reply.subarray(32, 40)).readBigUInt64BE(0))
      if (got !== digest || count !== msg.size) {
        throw new Error(`peer saw ${count} bytes with sha256 ${got}, sent ${msg.size} with ${digest}`)
      }
      return { bytes: count, sha256: digest }
    }
    case 'resume': {
      const jobs = slow.splice(0).map(async (stream) => {
        const result = sinkTo(stream) // listen for messages before resuming
        await new Promise(resolve => setImmediate(resolve))
        stream.resume()
        return result
      })
      return { results: await Promise.all(jobs) }
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
