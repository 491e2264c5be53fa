// The JSON-lines protocol of ferry's js-libp2p fixtures: one JSON object per line. stdout carries events and one
// reply per command ({"id", "ok": true, ...} or {"id", "ok": false, "error"}); stdin carries commands {"id", "cmd", ...}.
import { createInterface } from 'node:readline'

/** Writes one event or reply line. */
export function out (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

/**
 * Answers each stdin line with `command(msg)` (an async function returning the reply's fields) and calls `onClose`
 * when stdin ends.
 */
export function serveCommands (command, onClose) {
  const rl = createInterface({ input: process.stdin })
  rl.on('line', (line) => {
    if (line.trim() === '') return
    let msg
    try {
      msg = JSON.parse(line)
    } catch (err) {
      out({ ok: false, error: 'bad json: ' + err.message })
      return
    }
    command(msg).then(
      (r) => out({ id: msg.id, ok: true, ...r }),
      (err) => out({ id: msg.id, ok: false, error: String(err?.stack ?? err) })
    )
  })
  rl.on('close', onClose)
}
