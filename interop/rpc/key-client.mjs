// Checks ferry's key export, import, rename and sign against @libp2p/crypto, node:crypto and kubo-rpc-client, for
// ferry's KuboRpcKeyInteropTest.
// Usage: node rpc/key-client.mjs <api url> <key name> <its protobuf export, base64> <its PEM export, base64>
//        <ferry's signature of DATA with it> <DATA>
// Prints one JSON object: what the libraries read from ferry's exports, and keys made here for ferry to import.
import { create } from 'kubo-rpc-client'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { base64url } from 'multiformats/bases/base64'
import crypto from 'node:crypto'

const [url, name, protobuf, pem, signature, data] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })
const prefix = 'libp2p-key signed message:'
const bytes = s => new TextEncoder().encode(s)
const b64 = u => Buffer.from(u).toString('base64')

const out = {}
const exported = privateKeyFromProtobuf(Buffer.from(protobuf, 'base64'))
out.exportedType = exported.type
out.exportedPeerId = peerIdFromPrivateKey(exported).toString()
out.ferrySignatureValid = await exported.publicKey.verify(bytes(prefix + data), base64url.decode(signature))
out.ferrySignatureValidWithoutPrefix = await exported.publicKey.verify(bytes(data), base64url.decode(signature))
out.pemPublicX = crypto.createPublicKey(crypto.createPrivateKey(Buffer.from(pem, 'base64').toString()))
  .export({ format: 'jwk' }).x

out.made = []
for (const type of ['Ed25519', 'secp256k1', 'RSA']) {
  const key = type === 'RSA' ? await generateKeyPair('RSA', 2048) : await generateKeyPair(type)
  out.made.push({ type, protobuf: b64(privateKeyToProtobuf(key)), peerId: peerIdFromPrivateKey(key).toString() })
  if (type === 'Ed25519') {
    out.jsSignature = base64url.encode(await key.sign(bytes(prefix + data)))
  }
}
const made = crypto.generateKeyPairSync('ed25519')
out.nodePem = made.privateKey.export({ type: 'pkcs8', format: 'pem' })
out.nodePemPublicX = made.publicKey.export({ format: 'jwk' }).x

const renamed = await client.key.rename(name, 'renamed-by-client')
out.rename = { was: renamed.was, now: renamed.now, id: renamed.id, overwrite: renamed.overwrite }
out.names = (await client.key.list()).map(k => k.name)
try {
  await client.key.import('from-client', 'not a file', 'password')
  out.clientImport = 'accepted'
} catch (e) {
  out.clientImport = e.message
}
console.log(JSON.stringify(out))
