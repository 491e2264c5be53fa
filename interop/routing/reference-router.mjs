// The reference Delegated Routing V1 HTTP server (@helia/delegated-routing-v1-http-api-server) on 127.0.0.1, its
// routing answering from a table given as one JSON line on stdin:
//   {"providers": {"<CIDv1>": [{"id": "<peer id>", "addrs": ["<multiaddr>", ...]}]},
//    "peers": {"<peer id>": ["<multiaddr>", ...]},
//    "ipns": {"<routing key, base64>": "<marshalled record, base64>"},
//    "closest": [{"id": "<peer id>", "addrs": ["<multiaddr>", ...]}]}   (the same peers for any key)
// Prints {"url": "http://127.0.0.1:PORT"} once listening, and {"asked": [...]} lines as requests come; exits when
// stdin closes.
import { createDelegatedRoutingV1HttpApiServer } from '@helia/delegated-routing-v1-http-api-server'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { createInterface } from 'node:readline'

class NotFoundError extends Error {
  constructor (message) {
    super(message)
    this.name = 'NotFoundError'
  }
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const first = await lines.next()
const table = JSON.parse(first.value)
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n')
const info = (id, addrs) => ({ id: peerIdFromString(id), multiaddrs: addrs.map(a => multiaddr(a)) })

const routing = {
  async * findProviders (cid) {
    say({ asked: 'providers', cid: cid.toV1().toString() })
    for (const p of table.providers?.[cid.toV1().toString()] ?? []) {
      yield info(p.id, p.addrs)
    }
  },
  async findPeer (peerId) {
    say({ asked: 'peer', id: peerId.toString() })
    const addrs = table.peers?.[peerId.toString()]
    if (addrs == null) throw new NotFoundError('no such peer')
    return info(peerId.toString(), addrs)
  },
  async * getClosestPeers (key) {
    say({ asked: 'closest', key: Buffer.from(key).toString('base64') })
    for (const p of table.closest ?? []) {
      yield info(p.id, p.addrs)
    }
  },
  async get (key) {
    const k = Buffer.from(key).toString('base64')
    say({ asked: 'ipns', key: k })
    const rec = table.ipns?.[k]
    if (rec == null) throw new NotFoundError('no such record')
    return Buffer.from(rec, 'base64')
  },
  async put () {}
}

const server = await createDelegatedRoutingV1HttpApiServer({ routing }, { listen: { host: '127.0.0.1', port: 0 } })
say({ url: `http://127.0.0.1:${server.server.address().port}` })
// stdin closing is the end
for await (const _ of { [Symbol.asyncIterator]: () => lines }) { /* ignore further lines */ }
await server.close()
process.exit(0)
