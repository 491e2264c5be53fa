// Drives ferry's config/profile/apply and config/replace with kubo-rpc-client, for ferry's
// KuboRpcConfigInteropTest.
// Usage: node rpc/config-client.mjs <api url>
// Prints one JSON object with what the client got back and the config it read after each call.
import { create } from 'kubo-rpc-client'

const client = create({ url: process.argv[2], timeout: 60000 })
const out = {}
const dry = await client.config.profiles.apply('lowpower', { dryRun: true })
out.dryOriginalRouting = dry.original.Routing ?? null
out.dryUpdatedRouting = dry.updated.Routing
out.afterDry = await client.config.get('Routing').catch(e => e.message)
const applied = await client.config.profiles.apply('lowpower')
out.appliedConnMgr = applied.updated.Swarm.ConnMgr
out.afterApply = await client.config.get('Routing.Type')
try {
  await client.config.profiles.apply('badgerds')
  out.badgerds = 'accepted'
} catch (e) {
  out.badgerds = e.message
}
const all = await client.config.getAll()
all.Gateway.Fallback = ['https://gw.example']
delete all.Reprovider
await client.config.replace(all)
const replaced = await client.config.getAll()
out.replacedFallback = replaced.Gateway.Fallback
out.replacedHasReprovider = 'Reprovider' in replaced
out.peerId = replaced.Identity.PeerID
console.log(JSON.stringify(out))
