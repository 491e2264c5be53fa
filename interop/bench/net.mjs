// js-libp2p side of bench/net: libp2p 3 over TCP with Noise and Yamux, default settings.
//   node net.mjs server ADDRFILE                      serves the sink protocol (read to EOF, answer the byte count as
//                                                     8 bytes big-endian), writes its /p2p address to ADDRFILE
//   node net.mjs client ADDR BYTES STREAMS WARMUP     sends WARMUP bytes on one stream (untimed), then BYTES on one
//                                                     stream, then BYTES over STREAMS parallel streams; prints
//                                                     "1 MB/s" and "STREAMS MB/s", timed from first byte to last answer
// Both end by themselves when the parent process is gone or after BENCH_NET_LIFETIME_S (default 3600) seconds.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { writeFileSync, renameSync } from 'node:fs'

const SINK = '/ferry/bench/sink/1.0.0'
const CHUNK = 256 * 1024

const ppid = process.ppid
const lifetime = Number(process.env.BENCH_NET_LIFETIME_S ?? 3600) * 1000
const started = Date.now()
setInterval(() => {
  if (process.ppid !== ppid || Date.now() - started > lifetime) {
    console.error('net.mjs: parent gone or lifetime over, exiting')
    process.exit(3)
  }
}, 500).unref()

const node = await createLibp2p({
  addresses: { listen: process.argv[2] === 'server' ? ['/ip4/127.0.0.1/tcp/0'] : [] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()]
})

const bytesOf = (c) => c instanceof Uint8Array ? c : c.subarray()

if (process.argv[2] === 'server') {
  await node.handle(SINK, async (stream) => {
    let total = 0
    for await (const chunk of stream) total += chunk.byteLength
    const answer = new Uint8Array(8)
    new DataView(answer.buffer).setBigUint64(0, BigInt(total))
    stream.send(answer)
    await stream.close()
  }, { maxInboundStreams: 256 })
  const file = process.argv[3]
  writeFileSync(file + '.tmp', node.getMultiaddrs()[0].toString() + '\n')
  renameSync(file + '.tmp', file)
} else if (process.argv[2] === 'client') {
  const addr = multiaddr(process.argv[3])
  const bytes = Number(process.argv[4])
  const streams = Number(process.argv[5])
  const warmup = Number(process.argv[6])
  const data = new Uint8Array(CHUNK)
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24

  // opens all streams first (untimed), then sends `total` split over them; returns MB/s
  async function transfer (total, count) {
    const list = []
    for (let i = 0; i < count; i++) list.push(await node.dialProtocol(addr, SINK))
    const t0 = process.hrtime.bigint()
    await Promise.all(list.map(async (stream, i) => {
      const share = Math.floor(total / count) + (i < total % count ? 1 : 0)
      const answer = (async () => {
        const parts = []
        for await (const chunk of stream) parts.push(...bytesOf(chunk))
        return parts
      })()
      let left = share
      while (left > 0) {
        const n = Math.min(left, data.length)
        if (!stream.send(n === data.length ? data : data.subarray(0, n))) await stream.onDrain()
        left -= n
      }
      await stream.close()
      const got = await answer
      const count8 = new DataView(Uint8Array.from(got).buffer).getBigUint64(0)
      if (count8 !== BigInt(share)) throw new Error(`sink counted ${count8} bytes, sent ${share}`)
    }))
    const secs = Number(process.hrtime.bigint() - t0) / 1e9
    return total / 1e6 / secs
  }

  if (warmup > 0) await transfer(warmup, 1)
  console.log(`1 ${(await transfer(bytes, 1)).toFixed(1)}`)
  console.log(`${streams} ${(await transfer(bytes, streams)).toFixed(1)}`)
  await node.stop()
  process.exit(0)
} else {
  console.error('usage: net.mjs server ADDRFILE | client ADDR BYTES STREAMS WARMUP')
  process.exit(2)
}
