// A js-libp2p peer running @libp2p/autonat-v2 (/libp2p/autonat/2/dial-request and /dial-back, server and client) for
// ferry's AutoNAT v2 interop tests.
//
// Stack: TCP + Noise + Yamux, identify, and the autoNATv2() service, listening on 127.0.0.1 and 127.0.0.2 (the second
// is another IP than the one it dials out from, which costs dial data). js-libp2p's client only asks about public
// addresses, so on loopback the "ask" command plays the client by hand with the package's own protobuf codec: it
// sends a DialRequest, pays dial data in the package's way when asked (4096-byte messages until the count is
// reached), and returns the DialResponse. The nonce is registered with the package's own client, whose dial-back
// handler then checks it and answers: "dialBackReceived" says whether that handler took it.
//
// Protocol with the driver (JSON lines, see ../lib/json-lines.mjs): first {"event":"ready","peerId","addrs"};
// commands:
//   ask {addr, addrs, register?}  dial addr, request a dial to addrs (register false: the nonce is not made known to
//                                 the dial-back handler, which then refuses it); answers {status, addrIdx, dialStatus,
//                                 dataRequested, dataSent, dialBackReceived, inboundDuring}
//   addrs {}                      answers {addrs}: its listen addresses with /p2p
//   stop {}
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { autoNATv2 } from '@libp2p/autonat-v2'
import { pbStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { out, serveCommands } from '../lib/json-lines.mjs'
// the package exports only its service; its generated codec is read from the file itself
import { Message } from '../node_modules/@libp2p/autonat-v2/dist/src/pb/index.js'

process.on('unhandledRejection', (err) => {
  process.stderr.write('unhandled rejection: ' + (err?.stack ?? err) + '\n')
})

const DIAL_REQUEST = '/libp2p/autonat/2/dial-request'
const CHUNK = 4096

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.2/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), autoNAT: autoNATv2() }
})

let inbound = 0 // inbound connections so far
node.addEventListener('connection:open', (evt) => {
  if (evt.detail.direction === 'inbound') {
    inbound++
  }
})

async function command (msg) {
  switch (msg.cmd) {
    case 'ask': {
      const signal = AbortSignal.timeout(40_000)
      const nonces = node.services.autoNAT.client.nonces
      // the package's own range: its codec reads a fixed64 as signed, so a nonce with the top bit set would never
      // match the one it stored
      const nonce = BigInt(Math.round(Math.random() * Number.MAX_SAFE_INTEGER))
      if (msg.register !== false) {
        nonces.add(nonce)
      }
      const stream = await node.dialProtocol(multiaddr(msg.addr), DIAL_REQUEST, { signal })
      const before = inbound
      try {
        const messages = pbStream(stream).pb(Message)
        await messages.write({ dialRequest: { addrs: msg.addrs.map(a => multiaddr(a).bytes), nonce } }, { signal })
        let res = await messages.read({ signal })
        let dataRequested = null
        let dataSent = 0
        if (res.dialDataRequest != null) {
          dataRequested = Number(res.dialDataRequest.numBytes)
          const buf = new Uint8Array(CHUNK)
          for (let i = 0; i < dataRequested; i += CHUNK) {
            await messages.write({ dialDataResponse: { data: buf } }, { signal })
            dataSent += CHUNK
          }
          res = await messages.read({ signal })
        }
        if (res.dialResponse == null) {
          throw new Error('not a DialResponse: ' + JSON.stringify(res, (k, v) => typeof v === 'bigint' ? String(v) : v))
        }
        const r = res.dialResponse
        return {
          status: r.status,
          addrIdx: r.addrIdx,
          dialStatus: r.dialStatus,
          dataRequested,
          dataSent,
          dialBackReceived: msg.register !== false && !nonces.has(nonce),
          inboundDuring: inbound - before
        }
      } finally {
        nonces.delete(nonce)
        await stream.close().catch(() => {})
      }
    }
    case 'addrs': {
      return { addrs: node.getMultiaddrs().map(a => a.toString()) }
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
