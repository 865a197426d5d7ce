// An echo server on Node's ws, for NodeWsInteropTest: the Java client under test talks to it.
// Usage: node echo-server.js '<perMessageDeflate options as JSON>'
// Prints "PORT <n>" once listening on 127.0.0.1 (port chosen by the system). Echoes every message as it came (text
// as text, binary as binary). The text message "stats" is answered with the bytes this connection has read from its
// socket so far, so the test can see whether its messages arrived compressed. Exits when stdin closes.
'use strict';
const { WebSocketServer } = require('ws');

const options = JSON.parse(process.argv[2] || '{}');
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: options });

server.on('listening', () => {
  process.stdout.write('PORT ' + server.address().port + '\n');
});

server.on('connection', (ws, request) => {
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.length === 5 && data.toString() === 'stats') {
      ws.send(JSON.stringify({ bytesRead: request.socket.bytesRead }));
      return;
    }
    ws.send(data, { binary: isBinary });
  });
  ws.on('error', (error) => process.stderr.write('connection error: ' + error.message + '\n'));
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
