// Module resolution hook for import-hashes.mjs: ipfs-unixfs-importer 17 hashes every block with sha2-256 from
// multiformats (its persist step has no hasher option any more), so its import of 'multiformats/hashes/sha2' is
// pointed at hasher-shim.mjs, whose sha256 digests with the hasher the fixture chose for the case. Every other module
// keeps the real one.
export async function resolve (specifier, context, nextResolve) {
  if (specifier === 'multiformats/hashes/sha2' && context.parentURL?.includes('/ipfs-unixfs-importer/')) {
    return { url: new URL('./hasher-shim.mjs', import.meta.url).href, shortCircuit: true }
  }
  return nextResolve(specifier, context)
}
