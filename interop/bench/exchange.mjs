// Helia side of bench/exchange: Helia 7 with @helia/bitswap over libp2p TCP + Noise + Yamux + identify, no routers,
// in-memory blockstores (as interop/bitswap/helia-peer.mjs).
//   node exchange.mjs seed INFOFILE BYTES SMALL SMALL_KIB   imports BYTES pseudo-random bytes and SMALL files of
//                                                           SMALL_KIB KiB (Kubo's defaults: CIDv0, 256 KiB chunks),
//                                                           writes "key value" lines (addr, root, bytes, small) to
//                                                           INFOFILE, then serves
//   node exchange.mjs fetch INFOFILE                        dials the seeder, fetches each small file (time to its
//                                                           first byte), then the whole big file through the UnixFS
//                                                           exporter (every block verified); prints "key value" lines
// Both end by themselves when the parent process is gone or after BENCH_XCH_LIFETIME_S (default 3600) seconds.
import { createHeliaLight } from 'helia'
import { withLibp2pLight } from '@helia/libp2p'
import { withBitswap } from '@helia/bitswap'
import { unixfs } from '@helia/unixfs'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import { randomFillSync } from 'node:crypto'
import { readFileSync, writeFileSync, renameSync } from 'node:fs'

const ppid = process.ppid
const lifetime = Number(process.env.BENCH_XCH_LIFETIME_S ?? 3600) * 1000
const started = Date.now()
setInterval(() => {
  if (process.ppid !== ppid || Date.now() - started > lifetime) {
    console.error('exchange.mjs: parent gone or lifetime over, exiting')
    process.exit(3)
  }
}, 500).unref()

const mode = process.argv[2]
const helia = withBitswap(withLibp2pLight(createHeliaLight({ routers: [] }), {
  addresses: { listen: mode === 'seed' ? ['/ip4/127.0.0.1/tcp/0'] : [] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify() }
}))
await helia.start()
const ufs = unixfs(helia)
const kubo = { cidVersion: 0, rawLeaves: false }

// `total` random bytes in 1 MiB pieces
async function * randomBytes (total) {
  let left = total
  while (left > 0) {
    const n = Math.min(left, 1 << 20)
    yield randomFillSync(new Uint8Array(n))
    left -= n
  }
}

if (mode === 'seed') {
  const [file, bytes, small, smallKib] = [process.argv[3], Number(process.argv[4]), Number(process.argv[5]),
    Number(process.argv[6])]
  const root = await ufs.addByteStream(randomBytes(bytes), kubo)
  const smalls = []
  for (let i = 0; i < small; i++) smalls.push(await ufs.addByteStream(randomBytes(smallKib * 1024), kubo))
  const addr = helia.libp2p.getMultiaddrs().find(a => a.toString().includes('/tcp/'))
  const info = `addr ${addr}\nroot ${root}\nbytes ${bytes}\nsmall ${smalls.join(',')}\n`
  writeFileSync(file + '.tmp', info)
  renameSync(file + '.tmp', file)
} else if (mode === 'fetch') {
  const info = Object.fromEntries(readFileSync(process.argv[3], 'utf8').trim().split('\n')
    .map(l => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]))
  await helia.libp2p.dial(multiaddr(info.addr))
  const ttfb = []
  for (const c of info.small.split(',')) {
    const t0 = process.hrtime.bigint()
    for await (const chunk of ufs.cat(CID.parse(c))) { // eslint-disable-line no-unused-vars
      break
    }
    ttfb.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  ttfb.sort((a, b) => a - b)
  console.log(`ttfb_ms_p50 ${ttfb[Math.floor(ttfb.length / 2)].toFixed(2)}`)
  console.log(`ttfb_ms_p99 ${ttfb[Math.ceil(ttfb.length * 0.99) - 1].toFixed(2)}`) // nearest rank
  const t0 = process.hrtime.bigint()
  let n = 0
  for await (const chunk of ufs.cat(CID.parse(info.root))) n += chunk.byteLength
  const secs = Number(process.hrtime.bigint() - t0) / 1e9
  if (n !== Number(info.bytes)) throw new Error(`fetched ${n} bytes, expected ${info.bytes}`)
  console.log(`fetch_s ${secs.toFixed(2)}`)
  console.log(`fetch_mbps ${(n / 1e6 / secs).toFixed(2)}`)
  await helia.stop()
  process.exit(0)
} else {
  console.error('usage: exchange.mjs seed INFOFILE BYTES SMALL SMALL_KIB | fetch INFOFILE')
  process.exit(2)
}
