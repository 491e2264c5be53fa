// Drives ferry's log/level, log/ls and log/tail with kubo-rpc-client, for ferry's KuboRpcLogInteropTest.
// Usage: node rpc/log-client.mjs <api url, e.g. http://127.0.0.1:5001/api/v0>
// Prints one JSON object with what each call returned.
import { create } from 'kubo-rpc-client'

const [url] = process.argv.slice(2)
const client = create({ url, timeout: 60000 })

async function failure (fn) {
  try {
    await fn()
    return 'accepted'
  } catch (e) {
    return e.message
  }
}

const out = {}
out.ls = await client.log.ls()
out.level = await client.log.level('bitswap', 'debug')
out.levelAll = await client.log.level('all', 'warn')
out.errSubsystem = await failure(() => client.log.level('nosuch', 'info'))
out.errLevel = await failure(() => client.log.level('dht', 'loud'))

// The tail follows from when ferry answers; each log.level call logs a line on the rpc subsystem, so keep
// calling it until the tail hands one over, then go away.
const controller = new AbortController()
const tail = client.log.tail({ signal: controller.signal })[Symbol.asyncIterator]()
const first = tail.next()
let line = null
first.then(r => { line = r.value })
for (let i = 0; i < 100 && line === null; i++) {
  await client.log.level('rpc', 'info')
  await new Promise(resolve => setTimeout(resolve, 100))
}
out.tail = line
controller.abort()
await failure(() => tail.return())
await client.log.level('all', 'warn')
console.log(JSON.stringify(out))
process.exit(0)
