// Reads an IPNS record as ferry's gateway serves it (?format=ipns-record) and checks it with the ipns package:
// unmarshalIPNSRecord, then ipnsValidator against the name's routing key (signature, key, validity).
// Usage: node gateway/ipns-record.mjs <gateway-url> <ipns name (k51...)>
// Prints one JSON object: the status, headers and the record's value, sequence and TTL; exits 1 on a failure.
import { unmarshalIPNSRecord, multihashToIPNSRoutingKey } from 'ipns'
import { ipnsValidator } from 'ipns/validator'
import { CID } from 'multiformats/cid'
import { base36 } from 'multiformats/bases/base36'

const [gateway, name] = process.argv.slice(2)
try {
  const res = await fetch(`${gateway}/ipns/${name}?format=ipns-record`, { signal: AbortSignal.timeout(30_000) })
  const bytes = new Uint8Array(await res.arrayBuffer())
  const nameCid = CID.parse(name, base36)
  await ipnsValidator(multihashToIPNSRoutingKey(nameCid.multihash), bytes)
  const rec = unmarshalIPNSRecord(bytes)
  console.log(JSON.stringify({
    status: res.status,
    contentType: res.headers.get('content-type'),
    cacheControl: res.headers.get('cache-control'),
    value: rec.value,
    sequence: rec.sequence.toString(),
    ttl: rec.ttl.toString()
  }))
  process.exit(0)
} catch (e) {
  process.stderr.write(`ipns-record: ${e.stack ?? e.message}\n`)
  process.exit(1)
}
