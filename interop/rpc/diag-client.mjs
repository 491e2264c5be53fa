// Drives ferry's diag/sys and diag/cmds with kubo-rpc-client, for ferry's KuboRpcDiagInteropTest.
// Usage: node rpc/diag-client.mjs <api url, e.g. http://127.0.0.1:5001/api/v0>
// Prints one JSON object: what diag.sys() returned, and diag.cmds() after an id call.
import { create } from 'kubo-rpc-client'

const [url] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })

const sys = await client.diag.sys()
const id = await client.id()
const cmds = await client.diag.cmds()
console.log(JSON.stringify({ sys, id: id.id.toString(), cmds }))
