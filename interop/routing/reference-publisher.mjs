// The reference Delegated Routing V1 HTTP server (@helia/delegated-routing-v1-http-api-server) on 127.0.0.1 as a
// delegated IPNS publisher: records PUT to /routing/v1/ipns/{name} (which the server checks with js-ipns's validator
// before its routing sees them) are kept, and served to GET /routing/v1/ipns/{name}. Providers and peers: none.
// Prints {"url": "http://127.0.0.1:PORT"} once listening, and {"put": "<routing key, base64>", "record": "<base64>"}
// for each record taken; exits when stdin closes.
import { createDelegatedRoutingV1HttpApiServer } from '@helia/delegated-routing-v1-http-api-server'
import { createInterface } from 'node:readline'

class NotFoundError extends Error {
  constructor (message) {
    super(message)
    this.name = 'NotFoundError'
  }
}

const say = (o) => process.stdout.write(JSON.stringify(o) + '\n')
const records = new Map()

const routing = {
  async * findProviders () {},
  async findPeer () { throw new NotFoundError('no such peer') },
  async * getClosestPeers () {},
  async get (key) {
    const rec = records.get(Buffer.from(key).toString('base64'))
    if (rec == null) throw new NotFoundError('no such record')
    return rec
  },
  async put (key, value) {
    const k = Buffer.from(key).toString('base64')
    records.set(k, Buffer.from(value))
    say({ put: k, record: Buffer.from(value).toString('base64') })
  }
}

const server = await createDelegatedRoutingV1HttpApiServer({ routing }, { listen: { host: '127.0.0.1', port: 0 } })
say({ url: `http://127.0.0.1:${server.server.address().port}` })
// stdin closing is the end
for await (const _ of createInterface({ input: process.stdin })) { /* ignore lines */ }
await server.close()
process.exit(0)
