// A js-libp2p peer running @libp2p/autonat (AutoNAT v1, /libp2p/autonat/1.0.0) for ferry's AutoNAT interop tests.
//
// Stack: TCP + Noise + Yamux, identify, and the autoNAT() service (server and client). js-libp2p's client only asks
// about public addresses, so on loopback the "ask" command plays the client by hand, with the package's own protobuf
// codec: it sends a DIAL to a peer and returns the DIAL_RESPONSE.
//
// Protocol with the driver (JSON lines, see ../lib/json-lines.mjs): first {"event":"ready","peerId","addrs"}; an
// {"event":"inbound","peer","addr"} for each inbound connection; commands:
//   ask {addr, addrs, peerId?}  dial addr, send DIAL {peer: {id: peerId or ours, addrs}}, answer {status, text, addr,
//                               inboundDuring: inbound connections meanwhile (a dial-back may use another peer id)}
//   stop {}
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { autoNAT } from '@libp2p/autonat'
import { pbStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { out, serveCommands } from '../lib/json-lines.mjs'
// the package exports only its service; its generated codec is read from the file itself
import { Message } from '../node_modules/@libp2p/autonat/dist/src/pb/index.js'

process.on('unhandledRejection', (err) => {
  process.stderr.write('unhandled rejection: ' + (err?.stack ?? err) + '\n')
})

const PROTOCOL = '/libp2p/autonat/1.0.0'

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), autoNAT: autoNAT() }
})

let inbound = 0 // inbound connections so far
node.addEventListener('connection:open', (evt) => {
  const c = evt.detail
  if (c.direction === 'inbound') {
    inbound++
    out({ event: 'inbound', peer: c.remotePeer.toString(), addr: c.remoteAddr.toString() })
  }
})

async function command (msg) {
  switch (msg.cmd) {
    case 'ask': {
      const signal = AbortSignal.timeout(30_000)
      const stream = await node.dialProtocol(multiaddr(msg.addr), PROTOCOL, { signal })
      const before = inbound
      try {
        const messages = pbStream(stream).pb(Message)
        const id = msg.peerId == null ? node.peerId : peerIdFromString(msg.peerId)
        await messages.write({
          type: Message.MessageType.DIAL,
          dial: { peer: { id: id.toMultihash().bytes, addrs: msg.addrs.map(a => multiaddr(a).bytes) } }
        }, { signal })
        const res = await messages.read({ signal })
        if (res.type !== Message.MessageType.DIAL_RESPONSE || res.dialResponse == null) {
          throw new Error('not a DIAL_RESPONSE: ' + JSON.stringify(res))
        }
        const r = res.dialResponse
        return {
          status: r.status,
          text: r.statusText ?? '',
          addr: r.addr == null ? null : multiaddr(r.addr).toString(),
          inboundDuring: inbound - before
        }
      } finally {
        await stream.close().catch(() => {})
      }
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
