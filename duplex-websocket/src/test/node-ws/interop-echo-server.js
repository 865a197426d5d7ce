// An echo server on Node's `ws`, for Duplex's client interop tests (ClientInteropTest). CommonJS, so NODE_PATH
// finds ws in .tools/node-ws/node_modules, where .ci/install-test-tools puts it.
// Listens on 127.0.0.1 on a free port and prints "PORT <n>" once listening. Echoes every message as it came (text as
// text, binary as binary); a text "close-me:<code>:<reason>" makes it close with that code and reason instead, and a
// text "count:<text>" is answered with "count=<number of code points in text>". Prints
// "CLOSED <code> <reason>" when a connection ends. Accepts the sub-protocol "duplex.v1" when offered. Exits when its
// standard input closes, so it never outlives the test that started it.
const { WebSocketServer } = require('ws');

const CLOSE_ME = /^close-me:(\d+):(.*)$/s;
const COUNT = 'count:';

const server = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  maxPayload: 16 * 1024 * 1024,
  perMessageDeflate: true,
  handleProtocols: (protocols) => (protocols.has('duplex.v1') ? 'duplex.v1' : false),
});

server.on('listening', () => console.log(`PORT ${server.address().port}`));

server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    if (!isBinary) {
      const text = data.toString('utf8');
      const closeMe = CLOSE_ME.exec(text);
      if (closeMe) {
        socket.close(Number(closeMe[1]), closeMe[2]);
        return;
      }
      if (text.startsWith(COUNT)) {
        socket.send(`count=${[...text.slice(COUNT.length)].length}`);
        return;
      }
    }
    socket.send(data, { binary: isBinary });
  });
  socket.on('close', (code, reason) => console.log(`CLOSED ${code} ${reason.toString('utf8')}`));
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
