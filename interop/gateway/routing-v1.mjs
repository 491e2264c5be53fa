// Drives ferry's Delegated Routing V1 HTTP API with @helia/delegated-routing-v1-http-api-client, then resolves and
// fetches an IPNS name with @helia/verified-fetch using ferry as its only delegated router and trustless gateway.
// Usage: node gateway/routing-v1.mjs <gateway-url> <ipns name (k51...)> <path under the name> <cid> <peer id>
// Prints one JSON object with what each call returned; exits 1 on an unexpected failure.
import { createHeliaLight } from 'helia'
import { withHTTP } from '@helia/http'
import { createVerifiedFetch } from '@helia/verified-fetch'
import { delegatedRoutingV1HttpApiClient } from '@helia/delegated-routing-v1-http-api-client'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { createIPNSRecord, marshalIPNSRecord, unmarshalIPNSRecord, multihashToIPNSRoutingKey } from 'ipns'
import { ipnsValidator } from 'ipns/validator'
import { CID } from 'multiformats/cid'
import { base36 } from 'multiformats/bases/base36'

const [gateway, name, path, cid, peer] = process.argv.slice(2)
const silent = () => {}
silent.error = silent
silent.trace = silent
const logger = { forComponent: () => silent }
const out = {}
try {
  const client = delegatedRoutingV1HttpApiClient({ url: gateway, cacheTTL: 0 })({ logger })
  await client.start()
  const nameCid = CID.parse(name, base36)
  const rec = await client.getIPNS(nameCid)
  await ipnsValidator(multihashToIPNSRoutingKey(nameCid.multihash), rec)
  out.getIpns = unmarshalIPNSRecord(rec).value
  out.providers = []
  for await (const p of client.getProviders(CID.parse(cid))) out.providers.push(p.ID.toString())
  out.peers = []
  for await (const p of client.getPeers(peerIdFromString(peer).toCID())) {
    out.peers.push({ id: p.ID.toString(), addrs: p.Addrs.map(a => a.toString()), protocols: p.Protocols })
  }
  // a record made here, put through ferry and read back
  const key = await generateKeyPair('Ed25519')
  const jsName = peerIdFromPrivateKey(key).toCID()
  await client.putIPNS(jsName, marshalIPNSRecord(await createIPNSRecord(key, '/ipfs/' + cid, 7n, 3_600_000)))
  out.putName = jsName.toString(base36)
  out.putBack = unmarshalIPNSRecord(await client.getIPNS(jsName)).value
  try {
    await client.getIPNS(peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toCID())
    out.missing = 'found'
  } catch (e) {
    out.missing = e.name
  }
  await client.stop()

  const helia = withHTTP(createHeliaLight(), {
    delegatedRouters: [gateway],
    recursiveGateways: [gateway],
    allowLocal: true,
    allowInsecure: true
  })
  await helia.start()
  const fetch = await createVerifiedFetch(helia)
  const res = await fetch(`ipns://${name}${path}`, { signal: AbortSignal.timeout(60_000) })
  out.fetchStatus = res.status
  out.fetchBody = await res.text()
  await fetch.stop?.()
  await helia.stop()
  console.log(JSON.stringify(out))
  process.exit(0)
} catch (e) {
  process.stderr.write(`routing-v1: ${e.stack ?? e.message}\n${JSON.stringify(out)}\n`)
  process.exit(1)
}
