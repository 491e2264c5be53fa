// A Helia 7 peer for ferry's Bitswap interop tests: libp2p with TCP + Noise + Yamux + identify only, no routers,
// no other transports, an in-memory blockstore. Prints "ready <multiaddr>/p2p/<id>" on stdout, then takes one
// command per line on stdin and answers with one line (or several, ending with "end"):
//   connect <multiaddr>                     -> "connected"
//   add-file <path> <cidVersion> <rawLeaves> -> "added <cid>"
//   add-dir <path> <cidVersion> <rawLeaves>  -> "added <cid>"   (the directory's root, named after the folder)
//   cat <cid>                               -> "cat <sha256 hex> <bytes>"   (fetched over Bitswap when missing)
//   tree <cid>                              -> "file <relative path> <sha256 hex>" lines, then "end"
//   quit
// Any failure answers "error <message>". Besides sha2-256 and identity, Helia verifies blocks hashed with sha2-512,
// sha3-256/512 and blake2b-256 (its hashers are registered), so content ferry adds with --hash travels too.
// With FERRY_HELIA_TRANSPORT=ws it listens and dials over WebSockets only (@libp2p/websockets), as a browser would.
import { createHeliaLight } from 'helia'
import { withLibp2pLight } from '@helia/libp2p'
import { withBitswap } from '@helia/bitswap'
import { unixfs } from '@helia/unixfs'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import { sha512 } from 'multiformats/hashes/sha2'
import { sha3256, sha3512 } from '@multiformats/sha3'
import { blake2b256 } from '@multiformats/blake2/blake2b'
import { createHash } from 'node:crypto'
import * as readline from 'node:readline'
import * as fs from 'node:fs'
import * as nodePath from 'node:path'

const helia = withBitswap(withLibp2pLight(createHeliaLight({
  routers: [],
  hashers: [sha512, sha3256, sha3512, blake2b256]
}), {
  addresses: { listen: [process.env.FERRY_HELIA_TRANSPORT === 'ws' ? '/ip4/127.0.0.1/tcp/0/ws' : '/ip4/127.0.0.1/tcp/0'] },
  transports: [process.env.FERRY_HELIA_TRANSPORT === 'ws' ? webSockets() : tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify() }
}))
await helia.start()
const ufs = unixfs(helia)
const out = (line) => process.stdout.write(line + '\n')
const addr = helia.libp2p.getMultiaddrs().find(a => a.toString().includes('/tcp/'))
out(`ready ${addr.toString()}`)

function * walk (abs, rel) {
  const st = fs.statSync(abs)
  if (st.isDirectory()) {
    const names = fs.readdirSync(abs).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    if (names.length === 0) {
      yield { path: rel }
    }
    for (const n of names) {
      yield * walk(nodePath.join(abs, n), rel + '/' + n)
    }
  } else {
    yield { path: rel, content: fs.createReadStream(abs, { highWaterMark: 1 << 20 }) }
  }
}

function options (cidVersion, rawLeaves) {
  return { cidVersion: Number(cidVersion), rawLeaves: rawLeaves === 'true' }
}

async function sha (cid) {
  const h = createHash('sha256')
  let n = 0
  for await (const chunk of ufs.cat(cid)) {
    h.update(chunk)
    n += chunk.length
  }
  return [h.digest('hex'), n]
}

async function tree (cid, prefix) {
  for await (const e of ufs.ls(cid)) {
    const rel = prefix === '' ? e.name : prefix + '/' + e.name
    const st = await ufs.stat(e.cid)
    if (st.type === 'directory') {
      await tree(e.cid, rel)
    } else {
      const [hex] = await sha(e.cid)
      out(`file ${rel} ${hex}`)
    }
  }
}

// every entry of a tree (the root as "."), with the mode and mtime Helia's stat reads from it
async function meta (cid, rel) {
  const st = await ufs.stat(cid)
  const t = st.mtime == null ? 'none' : `${st.mtime.secs}.${st.mtime.nsecs ?? 0}`
  out(`meta ${rel} ${st.type} ${st.mode.toString(8)} ${t}`)
  if (st.type === 'directory') {
    for await (const e of ufs.ls(cid)) {
      await meta(e.cid, rel === '.' ? e.name : rel + '/' + e.name)
    }
  }
}

async function run (words) {
  switch (words[0]) {
    case 'connect':
      await helia.libp2p.dial(multiaddr(words[1]))
      return out('connected')
    case 'add-file': {
      const cid = await ufs.addByteStream(fs.createReadStream(words[1], { highWaterMark: 1 << 20 }),
        options(words[2], words[3]))
      return out(`added ${cid}`)
    }
    case 'add-dir': {
      const base = nodePath.basename(words[1])
      let root
      for await (const e of ufs.addAll(walk(words[1], base), options(words[2], words[3]))) {
        if (e.path === base) root = e.cid
      }
      return out(`added ${root}`)
    }
    case 'cat': {
      const [hex, n] = await sha(CID.parse(words[1]))
      return out(`cat ${hex} ${n}`)
    }
    case 'tree':
      await tree(CID.parse(words[1]), '')
      return out('end')
    case 'meta':
      await meta(CID.parse(words[1]), '.')
      return out('end')
    case 'quit':
      await helia.stop()
      process.exit(0)
    default:
      return out(`error unknown command ${words[0]}`)
  }
}

const rl = readline.createInterface({ input: process.stdin })
for await (const line of rl) {
  const words = line.trim().split(/\s+/)
  if (words[0] === '') continue
  try {
    await run(words)
  } catch (e) {
    out(`error ${String(e?.message ?? e).replace(/\n/g, ' ')}`)
  }
}
await helia.stop()
process.exit(0)
