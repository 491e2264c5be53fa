// Shared by the importer parity fixtures: a JSON request {"cases":[...]} on stdin, one case at a time, and the
// lines every fixture prints: "root <id> <cid>" then "entry <id> <path> <cid> <size>" per entry, tab-separated.
import { BlackHoleBlockstore } from 'blockstore-core/black-hole'

/**
 * Imports the entries of one case with the given importer function (the fixture's own: one fixture loads the
 * importer after a module hook) and returns its lines, the root first; nothing is stored.
 */
export async function importLines (importer, id, entries, options) {
  const lines = []
  let root
  for await (const e of importer(entries, new BlackHoleBlockstore(), options)) {
    root = e.cid.toString()
    lines.push(['entry', id, e.path ?? '', root, String(e.size)].join('\t'))
  }
  return [['root', id, root].join('\t'), ...lines]
}

/** Reads the request from stdin and prints the lines run(case) returns for each case, in order. */
export async function runCases (run) {
  const chunks = []
  for await (const chunk of process.stdin) {
    chunks.push(chunk)
  }
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  for (const c of request.cases) {
    for (const line of await run(c)) {
      process.stdout.write(line + '\n')
    }
  }
}
