// Reads ferry's provide/stat with kubo-rpc-client, for ferry's KuboRpcProvideInteropTest.
// Usage: node rpc/provide-client.mjs <api url, e.g. http://127.0.0.1:5001/api/v0>
// Prints one JSON object: what provide.stat() returned.
import { create } from 'kubo-rpc-client'

const [url] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })

const stat = await client.provide.stat()
console.log(JSON.stringify({ stat }))
