// IPNS records made and checked by the npm `ipns` package, for ferry's name put/get tests.
// Usage: node ipns/records.mjs make <value> <seq>...
//   one Ed25519 key; prints {name, records: {seq: base64}, expired: base64 (seq 1000, lapsed),
//   other: {name, record} (the first value under another key)}
// Usage: node ipns/records.mjs validate <name>  (the record on stdin)
//   unmarshals and validates it against the name; prints {value, sequence} or fails
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromCID } from '@libp2p/peer-id'
import { createIPNSRecord, marshalIPNSRecord, unmarshalIPNSRecord, multihashToIPNSRoutingKey } from 'ipns'
import { ipnsValidator } from 'ipns/validator'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'

const HOUR = 3600 * 1000
const b64 = r => Buffer.from(marshalIPNSRecord(r)).toString('base64')
const nameOf = key => peerIdFromPrivateKey(key).toCID().toString(base36)
const [cmd, ...args] = process.argv.slice(2)

if (cmd === 'make') {
  const [value, ...seqs] = args
  const key = await generateKeyPair('Ed25519')
  const records = {}
  for (const s of seqs) records[s] = b64(await createIPNSRecord(key, value, BigInt(s), HOUR))
  const expired = b64(await createIPNSRecord(key, value, 1000n, -HOUR))
  const otherKey = await generateKeyPair('Ed25519')
  const other = { name: nameOf(otherKey), record: b64(await createIPNSRecord(otherKey, value, 0n, HOUR)) }
  console.log(JSON.stringify({ name: nameOf(key), records, expired, other }))
} else if (cmd === 'validate') {
  const chunks = []
  for await (const c of process.stdin) chunks.push(c)
  const bytes = new Uint8Array(Buffer.concat(chunks))
  const id = peerIdFromCID(CID.parse(args[0], base36))
  await ipnsValidator(multihashToIPNSRoutingKey(id.toMultihash()), bytes)
  const r = unmarshalIPNSRecord(bytes)
  console.log(JSON.stringify({ value: r.value, sequence: r.sequence.toString() }))
} else {
  throw new Error('usage: records.mjs make <value> <seq>... | validate <name>')
}
