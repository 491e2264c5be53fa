// A js-libp2p Yamux peer over raw TCP (no security layer) for ferry's Yamux interop test.
// Listens on 127.0.0.1 (port 0) and prints "PORT <n>". On each connection it acts as the Yamux listener:
// every inbound stream is echoed back and half-closed at EOF; it also opens one stream itself, sends
// "hello from js", half-closes, reads the echo and prints "JS_STREAM_OK" or "JS_STREAM_FAIL ...".
// Run with the project's interop/ folder as working directory: modules are loaded from its node_modules.
import net from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const load = (file) => import(pathToFileURL(path.join(process.cwd(), 'node_modules', file)).href)
const { yamux } = await load('@chainsafe/libp2p-yamux/dist/src/index.js')
const { defaultLogger } = await load('@libp2p/logger/dist/src/index.js')
const { toMultiaddrConnection } = await load('@libp2p/tcp/dist/src/socket-to-conn.js')

const log = defaultLogger().forComponent('ferry-interop:yamux')

async function echo (stream) {
  try {
    for await (const chunk of stream) {
      if (!stream.send(chunk)) {
        await stream.onDrain()
      }
    }
    await stream.close()
  } catch (err) {
    console.log('ECHO_FAIL ' + err.message)
  }
}

async function talk (muxer) {
  try {
    const stream = await muxer.createStream()
    const text = 'hello from js'
    stream.send(new TextEncoder().encode(text))
    const closing = stream.close()
    let got = ''
    for await (const chunk of stream) {
      got += new TextDecoder().decode(chunk.subarray())
    }
    await closing
    console.log(got === text ? 'JS_STREAM_OK' : 'JS_STREAM_FAIL got ' + JSON.stringify(got))
  } catch (err) {
    console.log('JS_STREAM_FAIL ' + err.message)
  }
}

const server = net.createServer(socket => {
  socket.setNoDelay(true)
  const maConn = toMultiaddrConnection({ socket, direction: 'inbound', log, inactivityTimeout: 60_000 })
  const muxer = yamux({ enableKeepAlive: false })().createStreamMuxer(maConn)
  muxer.addEventListener('stream', evt => { echo(evt.detail) })
  talk(muxer)
})
server.listen(0, '127.0.0.1', () => {
  console.log('PORT ' + server.address().port)
})
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
