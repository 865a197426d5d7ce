// Evaluated once in ChromiumInteropTest's page: a browser WebSocket that queues what it receives, so each test's
// script can await the next message or the close in order. Every wait gives up after TIMEOUT_MS, so a script
// always settles and the test never hangs in the browser.
(() => {
  const TIMEOUT_MS = 10000;

  function withTimeout(promise, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out after ' + TIMEOUT_MS + ' ms waiting for ' + what)),
          TIMEOUT_MS);
      promise.then(value => { clearTimeout(timer); resolve(value); },
                   error => { clearTimeout(timer); reject(error); });
    });
  }

  class RecordingSocket {
    /** Resolves once the handshake completed; rejects when the connection fails first. */
    static open(url, protocols) {
      const ws = protocols === undefined ? new WebSocket(url) : new WebSocket(url, protocols);
      ws.binaryType = 'arraybuffer';
      const socket = new RecordingSocket(ws);
      return withTimeout(new Promise((resolve, reject) => {
        ws.addEventListener('open', () => resolve(socket), { once: true });
        socket.closed.then(close => reject(new Error('connection to ' + url + ' failed before opening: '
            + JSON.stringify(close))));
      }), 'the connection to ' + url);
    }

    constructor(ws) {
      this.ws = ws;
      this.messages = [];
      this.waiting = [];
      ws.addEventListener('message', event => {
        const waiter = this.waiting.shift();
        if (waiter) {
          waiter(event.data);
        } else {
          this.messages.push(event.data);
        }
      });
      this.closed = new Promise(resolve => ws.addEventListener('close',
          event => resolve({ code: event.code, reason: event.reason, wasClean: event.wasClean })));
    }

    get protocol() {
      return this.ws.protocol;
    }

    send(data) {
      this.ws.send(data);
    }

    /** The next message: a string, or an ArrayBuffer for binary. */
    nextMessage() {
      if (this.messages.length > 0) {
        return Promise.resolve(this.messages.shift());
      }
      return withTimeout(new Promise(resolve => this.waiting.push(resolve)), 'a message');
    }

    /** Resolves with the close event's code, reason and wasClean. */
    nextClose() {
      return withTimeout(this.closed, 'the close');
    }

    close(code, reason) {
      this.ws.close(code, reason);
      return this.nextClose();
    }
  }

  /** Base64 of an ArrayBuffer, in slices so large buffers do not overflow the argument list. */
  function base64Of(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  }

  /** The same pattern as the Java side's: byte i is i % 251. */
  function pattern(length) {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      bytes[i] = i % 251;
    }
    return bytes.buffer;
  }

  globalThis.RecordingSocket = RecordingSocket;
  globalThis.base64Of = base64Of;
  globalThis.pattern = pattern;
})();
