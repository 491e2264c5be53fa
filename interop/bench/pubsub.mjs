// js-libp2p side of bench/pubsub: two libp2p 3 nodes in this process on 127.0.0.1 (TCP, Noise, Yamux, identify,
// @libp2p/gossipsub with StrictSign), the second subscribed. The first publishes COUNT messages of SIZE bytes in
// windows of WINDOW (the next window once the subscriber has the last one), then LATENCY single messages one at a
// time; the same as bench/src/PubsubBench.java does with two ferry nodes.
//   node pubsub.mjs COUNT SIZE WINDOW LATENCY   prints "msgs_per_s N", "mb_per_s N", "p50_us N", "p99_us N"
// Ends by itself when the parent process is gone or after BENCH_PUBSUB_LIFETIME_S (default 3600) seconds.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { gossipsub } from '@libp2p/gossipsub'
import { randomBytes } from 'node:crypto'

const [count, size, windowSize, latencyRounds] = process.argv.slice(2).map(Number)
const ppid = process.ppid
const lifetime = Number(process.env.BENCH_PUBSUB_LIFETIME_S ?? 3600) * 1000
const started = Date.now()
setInterval(() => {
  if (process.ppid !== ppid || Date.now() - started > lifetime) {
    console.error('pubsub.mjs: parent gone or lifetime over, exiting')
    process.exit(3)
  }
}, 500).unref()

const make = () => createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    pubsub: gossipsub({ globalSignaturePolicy: 'StrictSign', emitSelf: false, allowPublishToZeroTopicPeers: true })
  }
})
const a = await make()
const b = await make()
let got = 0
let waiter = null
b.services.pubsub.addEventListener('message', () => {
  got++
  if (waiter != null && got >= waiter.target) {
    const w = waiter
    waiter = null
    w.resolve()
  }
})
b.services.pubsub.subscribe('bench')
await a.dial(b.getMultiaddrs()[0])
for (let i = 0; i < 600 && !a.services.pubsub.getSubscribers('bench').some(p => p.equals(b.peerId)); i++) {
  await new Promise(resolve => setTimeout(resolve, 50))
}
const data = randomBytes(size)

async function run (n, w) {
  let sent = 0
  while (sent < n) {
    const k = Math.min(w, n - sent)
    const target = got + k
    const arrived = new Promise((resolve, reject) => {
      waiter = { target, resolve }
      setTimeout(() => reject(new Error(`messages lost: ${got} of ${target}`)), 30000).unref()
    })
    for (let i = 0; i < k; i++) {
      await a.services.pubsub.publish('bench', data)
    }
    sent += k
    if (got < target) await arrived
    else waiter = null
  }
}

await run(Math.min(count, 2000), windowSize) // warm-up
const t0 = process.hrtime.bigint()
await run(count, windowSize)
const secs = Number(process.hrtime.bigint() - t0) / 1e9
const lat = []
for (let i = 0; i < latencyRounds; i++) {
  const s = process.hrtime.bigint()
  await run(1, 1)
  lat.push(Number(process.hrtime.bigint() - s) / 1000)
}
lat.sort((x, y) => x - y)
console.log(`msgs_per_s ${(count / secs).toFixed(0)}`)
console.log(`mb_per_s ${(count * size / secs / 1e6).toFixed(1)}`)
console.log(`p50_us ${Math.round(lat[Math.floor(lat.length / 2)])}`)
console.log(`p99_us ${Math.round(lat[Math.min(lat.length - 1, Math.floor(lat.length * 99 / 100))])}`)
await a.stop()
await b.stop()
process.exit(0)
