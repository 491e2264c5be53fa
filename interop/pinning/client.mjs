// Drives ferry's Pinning Service API with @ipfs-shipyard/pinning-service-client, for PinningServiceInteropTest.
// Usage: node pinning/client.mjs <endpoint, e.g. http://127.0.0.1:5001/psa> <access token> <cid> <other cid> <origin multiaddr>
// Prints one JSON object with what each call returned (or the HTTP status it failed with).
import { Configuration, RemotePinningServiceClient, Status } from '@ipfs-shipyard/pinning-service-client'

const [endpointUrl, token, cid, otherCid, origin] = process.argv.slice(2)
const client = new RemotePinningServiceClient(new Configuration({ endpointUrl, accessToken: token }))
const stranger = new RemotePinningServiceClient(new Configuration({ endpointUrl, accessToken: 'not-a-token' }))

const statusOf = async (call) => {
  try {
    await call()
    return 0
  } catch (e) {
    return e.response?.status ?? e.status ?? -1
  }
}

async function until (requestid, want) {
  const deadline = Date.now() + 30000
  for (;;) {
    const s = await client.pinsRequestidGet({ requestid })
    if (s.status === want || Date.now() > deadline) {
      return s
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

const plain = (s) => ({
  requestid: s.requestid,
  status: s.status,
  created: s.created.toISOString(),
  cid: s.pin.cid,
  name: s.pin.name ?? null,
  origins: s.pin.origins ?? [],
  meta: s.pin.meta ?? {},
  delegates: s.delegates,
  info: s.info ?? {}
})
const listed = (r) => ({ count: r.count, cids: r.results.map(s => s.pin.cid), names: r.results.map(s => s.pin.name ?? null) })

const out = {}
const added = await client.pinsPost({ pin: { cid, name: 'First Pin', origins: [origin], meta: { app_id: 'ferry-test' } } })
out.added = plain(added)
out.pinned = plain(await until(added.requestid, Status.Pinned))
out.listDefault = listed(await client.pinsGet({}))
out.listByCid = listed(await client.pinsGet({ cid: [cid] }))
out.listByOtherCid = listed(await client.pinsGet({ cid: [otherCid] }))
out.listByName = listed(await client.pinsGet({ name: 'first pin', match: 'iexact' }))
out.listByExactName = listed(await client.pinsGet({ name: 'first pin' }))
out.listByMeta = listed(await client.pinsGet({ meta: { app_id: 'ferry-test' } }))
out.listByOtherMeta = listed(await client.pinsGet({ meta: { app_id: 'other' } }))
out.listFailed = listed(await client.pinsGet({ status: [Status.Failed] }))
out.listAfter = listed(await client.pinsGet({ after: new Date(Date.parse(out.added.created) + 1) }))

const replaced = await client.pinsRequestidPost({ requestid: added.requestid, pin: { cid: otherCid, name: 'Second Pin' } })
out.replaced = plain(replaced)
out.replacedPinned = plain(await until(replaced.requestid, Status.Pinned))
out.oldAfterReplace = await statusOf(() => client.pinsRequestidGet({ requestid: added.requestid }))
out.listAfterReplace = listed(await client.pinsGet({ status: [Status.Queued, Status.Pinning, Status.Pinned, Status.Failed] }))
out.strangerList = await statusOf(() => stranger.pinsGet({}))
out.badCid = await statusOf(() => client.pinsPost({ pin: { cid: 'not-a-cid' } }))
out.deleted = await statusOf(() => client.pinsRequestidDelete({ requestid: replaced.requestid }))
out.deletedAgain = await statusOf(() => client.pinsRequestidDelete({ requestid: replaced.requestid }))
out.listAfterDelete = listed(await client.pinsGet({}))
console.log(JSON.stringify(out))
