// A client on Node's ws, for NodeWsInteropTest: it talks to the Java echo service under test.
// Usage: node client.js <url> '<perMessageDeflate options as JSON>' <message count>
// Sends <count> messages one at a time (text and binary, of sizes from 10 bytes to 40 KB, all compressible), checks
// that each comes back unchanged, closes with 1000 and prints one JSON line: the Sec-WebSocket-Extensions the server
// answered, how many messages came back intact, the payload bytes sent and the bytes read from the socket.
'use strict';
const WebSocket = require('ws');

const [url, optionsJson, countText] = process.argv.slice(2);
const options = JSON.parse(optionsJson || '{}');
const count = Number(countText || '50');
const sizes = [10, 100, 300, 600, 2000, 40000];

const result = { extensions: null, intact: 0, payloadBytes: 0, socketBytesRead: 0, closeCode: null, error: null };
const ws = new WebSocket(url, { perMessageDeflate: options });

ws.on('upgrade', (response) => {
  result.extensions = response.headers['sec-websocket-extensions'] || null;
});

function message(i) {
  const size = sizes[i % sizes.length];
  const text = ('message ' + i + ' of a compressible series; ').repeat(Math.ceil(size / 40)).slice(0, size);
  return i % 3 === 2 ? Buffer.from(text) : text;
}

let sent = 0;
let expected = null;

function sendNext() {
  if (sent === count) {
    ws.close(1000);
    return;
  }
  expected = message(sent++);
  result.payloadBytes += Buffer.byteLength(expected);
  ws.send(expected);
}

ws.on('open', sendNext);
ws.on('message', (data, isBinary) => {
  const same = typeof expected === 'string'
    ? !isBinary && data.toString() === expected
    : isBinary && Buffer.compare(data, expected) === 0;
  if (same) {
    result.intact++;
  } else {
    result.error = 'message ' + (sent - 1) + ' came back changed';
  }
  result.socketBytesRead = ws._socket ? ws._socket.bytesRead : result.socketBytesRead;
  sendNext();
});
ws.on('error', (error) => {
  result.error = String(error.message);
});
ws.on('close', (code) => {
  result.closeCode = code;
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
});
setTimeout(() => {
  result.error = 'timed out';
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(1);
}, 20000).unref();
