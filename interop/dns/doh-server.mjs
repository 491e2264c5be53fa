// A DNS-over-HTTPS server (RFC 8484 wire format, over plain HTTP on 127.0.0.1) for ferry's DohInteropTest, with
// messages encoded and decoded by the npm package dns-packet.
//
// Protocol with the driver: one JSON object per line. stdout: first {"event":"ready","peerId":"doh","addrs":[url]},
// then one reply per command {"id","ok":true,...} or {"id","ok":false,"error"}.
// stdin commands:
//   txt {name, records: [[string,...],...]}   the TXT records of name (each a list of character-strings)
//   cname {name, target}                      name is an alias of target (answered with the CNAME, then target's TXT)
//   rcode {name, rcode}                       answer name with that response code (e.g. 3 NXDOMAIN, 2 SERVFAIL)
//   queries {}                                -> {queries: [{method, name, type, id}]} what was asked so far
//   stop {}                                   -> {} then exits 0
// Queries come as POST bodies or GET ?dns= (base64url), as RFC 8484 allows.
import http from 'node:http'
import readline from 'node:readline'
import * as dnsPacket from 'dns-packet'

const txt = new Map()
const cnames = new Map()
const rcodes = new Map()
const queries = []
const lower = (n) => n.toLowerCase().replace(/\.$/, '')

function answer (query) {
  const q = query.questions[0]
  queries.push({ name: q.name, type: q.type, id: query.id })
  const answers = []
  let name = lower(q.name)
  if (cnames.has(name)) {
    answers.push({ type: 'CNAME', name: q.name, ttl: 60, data: cnames.get(name) })
    name = lower(cnames.get(name))
  }
  for (const strings of txt.get(name) ?? []) {
    answers.push({ type: 'TXT', name, ttl: 60, data: strings.map((s) => Buffer.from(s, 'utf8')) })
  }
  const rcode = rcodes.get(lower(q.name)) ?? (answers.length === 0 ? 3 : 0)
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
    questions: query.questions,
    answers
  })
}

const server = http.createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    try {
      let body
      if (req.method === 'POST') {
        body = Buffer.concat(chunks)
      } else {
        const dns = new URL(req.url, 'http://x').searchParams.get('dns')
        body = Buffer.from(dns.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
      }
      const out = answer(dnsPacket.decode(body))
      res.writeHead(200, { 'Content-Type': 'application/dns-message', 'Content-Length': out.length })
      res.end(out)
    } catch (e) {
      res.writeHead(400)
      res.end(String(e))
    }
  })
})

server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}/dns-query`
  console.log(JSON.stringify({ event: 'ready', peerId: 'doh', addrs: [url] }))
})

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', (line) => {
  const msg = JSON.parse(line)
  const reply = (extra) => console.log(JSON.stringify({ id: msg.id, ok: true, ...extra }))
  try {
    switch (msg.cmd) {
      case 'txt': txt.set(lower(msg.name), msg.records); reply({}); break
      case 'cname': cnames.set(lower(msg.name), msg.target); reply({}); break
      case 'rcode': rcodes.set(lower(msg.name), msg.rcode); reply({}); break
      case 'queries': reply({ queries }); break
      case 'stop': reply({}); server.close(); process.exit(0); break
      default: throw new Error('unknown command ' + msg.cmd)
    }
  } catch (e) {
    console.log(JSON.stringify({ id: msg.id, ok: false, error: String(e) }))
  }
})
