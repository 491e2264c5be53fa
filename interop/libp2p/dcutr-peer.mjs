// A js-libp2p peer with @libp2p/circuit-relay-v2 and @libp2p/dcutr for ferry's DCUtR interop tests.
//
// Stack: TCP + Noise + Yamux, identify, ping, the circuit relay transport, DCUtR, and /ferry/echo/1.0.0 (echoes every
// byte until the dialer closes its write side; not allowed on limited connections, so it only runs on a direct one).
// Environment:
//   FERRY_JS_RELAY_LISTEN=<addr>     reserve on the relay at <addr> (…/p2p/RELAY) by listening on <addr>/p2p-circuit
//
// Protocol with the driver (JSON lines, see ../lib/json-lines.mjs): first {"event":"ready","peerId","addrs"}; a
// {"event":"connection","peer","addr","limited","direction"} for each connection opened; commands:
//   addrs {circuit?}       our addresses; with circuit: true, waits (bounded) until one is a /p2p-circuit address
//   dial {addr}            opens a connection to addr -> {limited}
//   connections {peer}     the open connections to peer -> {list: [{addr, limited, direction}]}
//   echo {peer, size}      size bytes through /ferry/echo/1.0.0 over a direct connection to peer and back -> {bytes}
//   stop {}
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { dcutr } from '@libp2p/dcutr'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { out, serveCommands } from '../lib/json-lines.mjs'

process.on('unhandledRejection', (err) => {
  process.stderr.write('unhandled rejection: ' + (err?.stack ?? err) + '\n')
})

const ECHO = '/ferry/echo/1.0.0'
const relayListen = process.env.FERRY_JS_RELAY_LISTEN

const listen = ['/ip4/127.0.0.1/tcp/0']
if (relayListen) listen.push(relayListen + '/p2p-circuit')

const node = await createLibp2p({
  addresses: { listen },
  transports: [tcp(), circuitRelayTransport()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    dcutr: dcutr()
  }
})

node.addEventListener('connection:open', (evt) => {
  const c = evt.detail
  out({
    event: 'connection',
    peer: c.remotePeer.toString(),
    addr: c.remoteAddr.toString(),
    limited: c.limits != null,
    direction: c.direction
  })
})

function toBytes (chunk) {
  return chunk instanceof Uint8Array ? chunk : chunk.subarray()
}

await node.handle(ECHO, async (stream) => {
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
})

function connectionsTo (peer) {
  return node.getConnections(peerIdFromString(peer)).filter(c => c.status === 'open')
}

async function command (msg) {
  switch (msg.cmd) {
    case 'addrs': {
      for (let i = 0; i < 300; i++) {
        const addrs = node.getMultiaddrs().map(a => a.toString())
        if (!msg.circuit || addrs.some(a => a.includes('/p2p-circuit'))) return { addrs }
        await new Promise(resolve => setTimeout(resolve, 50))
      }
      throw new Error('no circuit address: ' + node.getMultiaddrs().map(a => a.toString()))
    }
    case 'dial': {
      const conn = await node.dial(multiaddr(msg.addr), { signal: AbortSignal.timeout(20_000) })
      return { limited: conn.limits != null }
    }
    case 'connections': {
      const list = connectionsTo(msg.peer).map(c => ({
        addr: c.remoteAddr.toString(), limited: c.limits != null, direction: c.direction
      }))
      return { list }
    }
    case 'echo': {
      const conn = connectionsTo(msg.peer).find(c => c.limits == null)
      if (conn == null) throw new Error('no direct connection to ' + msg.peer)
      const stream = await conn.newStream(ECHO, { signal: AbortSignal.timeout(20_000) })
      const data = new Uint8Array(msg.size)
      for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) & 0xff
      const reading = (async () => {
        const chunks = []
        let total = 0
        for await (const c of stream) {
          const b = toBytes(c)
          chunks.push(b)
          total += b.byteLength
        }
        return Buffer.concat(chunks, total)
      })()
      if (!stream.send(data)) await stream.onDrain()
      await stream.close()
      const got = await reading
      if (Buffer.compare(got, Buffer.from(data)) !== 0) {
        throw new Error(`echo differs (${got.byteLength} bytes back)`)
      }
      return { bytes: got.byteLength }
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
