// A js-libp2p peer with @libp2p/circuit-relay-v2 for ferry's Circuit Relay v2 interop tests.
//
// Stack: TCP + Noise + Yamux, identify, ping, the circuit relay transport (dials /p2p-circuit addresses, accepts
// relayed connections), and /ferry/echo/1.0.0 (echoes every byte until the dialer closes its write side; allowed on
// limited connections). Environment:
//   FERRY_JS_RELAY_SERVER=1          also run circuitRelayServer() (the hop protocol) with its default limits
//   FERRY_JS_RELAY_LISTEN=<addr>     reserve on the relay at <addr> (…/p2p/RELAY) by listening on <addr>/p2p-circuit
//
// Protocol with the driver (JSON lines, see ../lib/json-lines.mjs): first {"event":"ready","peerId","addrs"}; a
// {"event":"connection","peer","addr","limited","direction"} for each connection opened; commands:
//   addrs {circuit?}       our addresses; with circuit: true, waits (bounded) until one is a /p2p-circuit address
//   ping {addr}            a ping over a connection to addr (dialled if needed) -> {rtt, limited}
//   echo {addr, size}      size bytes through /ferry/echo/1.0.0 and back -> {bytes, limited}
//   reservations {}        the relay server's reservations -> {peers}
//   stop {}
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { multiaddr } from '@multiformats/multiaddr'
import { out, serveCommands } from '../lib/json-lines.mjs'

process.on('unhandledRejection', (err) => {
  process.stderr.write('unhandled rejection: ' + (err?.stack ?? err) + '\n')
})

const ECHO = '/ferry/echo/1.0.0'
const server = process.env.FERRY_JS_RELAY_SERVER === '1'
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
    ...(server ? { relay: circuitRelayServer() } : {})
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
}, { runOnLimitedConnection: true })

async function connectionTo (addr) {
  return node.dial(multiaddr(addr), { signal: AbortSignal.timeout(20_000) })
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
    case 'ping': {
      const conn = await connectionTo(msg.addr)
      const rtt = await node.services.ping.ping(conn.remotePeer)
      return { rtt, limited: conn.limits != null }
    }
    case 'echo': {
      const conn = await connectionTo(msg.addr)
      const stream = await conn.newStream(ECHO, { runOnLimitedConnection: true, signal: AbortSignal.timeout(20_000) })
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
      return { bytes: got.byteLength, limited: conn.limits != null }
    }
    case 'reservations': {
      const peers = []
      for (const [peer] of node.services.relay.reservations.entries()) peers.push(peer.toString())
      return { peers }
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
