// What ipfs-unixfs-importer sees as multiformats' sha2 module (see hasher-hooks.mjs): "sha256" digests with the
// hasher set in globalThis.ferryImportHasher, the real sha2-256 when none is set.
import * as real from 'multiformats/hashes/sha2'

export const sha512 = real.sha512

export const sha256 = {
  get name () { return (globalThis.ferryImportHasher ?? real.sha256).name },
  get code () { return (globalThis.ferryImportHasher ?? real.sha256).code },
  digest: (input) => (globalThis.ferryImportHasher ?? real.sha256).digest(input)
}
