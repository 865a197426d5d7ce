// The Duplex demo's chat client: joins /chat/{room} on the page's own host and shows what the room says. When the
// connection closes without the page asking, it says why in words and reconnects with back-off: 0.5 s, doubling
// after each failed attempt, at most 10 s.
(function () {
  'use strict';
  const log = document.getElementById('log');
  const status = document.getElementById('status');
  const nameInput = document.getElementById('name');
  const roomInput = document.getElementById('room');
  const message = document.getElementById('message');
  const sendButton = document.getElementById('send-button');
  const FIRST_DELAY_MS = 500;
  const MAX_DELAY_MS = 10000;
  let socket = null;
  let me = null;
  let room = null;
  let delayMs = FIRST_DELAY_MS;
  let retryTimer = null;
  let disconnected = false;

  /** What a close code means, in words (RFC 6455, section 7.4.1). */
  function closeMeaning(code) {
    switch (code) {
      case 1000: return 'the connection was closed normally';
      case 1001: return 'the server is going away';
      case 1006: return 'the connection was lost';
      case 1008: return 'the server refused it as a policy violation';
      case 1009: return 'a message was too big';
      case 1011: return 'the server hit an error';
      default: return 'the connection was closed';
    }
  }

  /** The line shown when the connection closes: "Disconnected: the server is going away (1001)". */
  function closeText(code) {
    return 'Disconnected: ' + closeMeaning(code) + ' (' + code + ')';
  }

  /** The wait before the next attempt after waiting `ms`: doubled, at most MAX_DELAY_MS. */
  function nextDelay(ms) {
    return Math.min(ms * 2, MAX_DELAY_MS);
  }

  function seconds(ms) {
    return (ms / 1000) + ' s';
  }

  function show(text, from, kind) {
    const item = document.createElement('li');
    if (kind) item.className = kind;
    if (from) {
      const who = document.createElement('span');
      who.className = 'from';
      who.textContent = from + ':';
      item.appendChild(who);
    }
    item.appendChild(document.createTextNode(text));
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function connected(open) {
    message.disabled = !open;
    sendButton.disabled = !open;
    if (open) message.focus();
  }

  function stopRetrying() {
    if (retryTimer !== null) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
  }

  /** Opens the socket to `room` as `me`; `again` is true for a reconnection after a close the page did not ask for. */
  function connect(again) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = scheme + '://' + location.host + '/chat/' + encodeURIComponent(room)
      + '?name=' + encodeURIComponent(me);
    const current = new WebSocket(url);
    const joinedRoom = room;
    const joinedAs = me;
    socket = current;
    if (!again) status.textContent = 'connecting to ' + joinedRoom + '…';
    current.onopen = function () {
      if (socket !== current) return;
      delayMs = FIRST_DELAY_MS;
      const marker = disconnected ? 'reconnected to room ' : 'you joined room ';
      show('— ' + marker + joinedRoom + ' —', null, 'notice marker');
      disconnected = false;
      status.textContent = 'in room ' + joinedRoom + ' as ' + joinedAs;
      connected(true);
    };
    current.onmessage = function (event) {
      if (socket !== current) return;
      const data = JSON.parse(event.data);
      if (data.type === 'message') show(data.text, data.from, data.from === me ? 'mine' : null);
      else if (data.type === 'joined') show(data.from + ' joined (' + data.members + ' here)', null, 'notice');
      else if (data.type === 'left') show(data.from + ' left (' + data.members + ' here)', null, 'notice');
    };
    current.onclose = function (event) {
      if (socket !== current) return; // closed by the page: a room switch
      connected(false);
      const text = closeText(event.code);
      if (!disconnected) show(text, null, 'notice closed');
      disconnected = true;
      const wait = delayMs;
      delayMs = nextDelay(delayMs);
      status.textContent = text + ' — reconnecting in ' + seconds(wait);
      retryTimer = setTimeout(function () {
        retryTimer = null;
        status.textContent = text + ' — reconnecting now…';
        connect(true);
      }, wait);
    };
  }

  nameInput.addEventListener('input', function () {
    nameInput.setCustomValidity('');
  });

  document.getElementById('join').addEventListener('submit', function (event) {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (name.length === 0) {
      const refusal = 'Type a name to join: a name cannot be only spaces.';
      nameInput.setCustomValidity(refusal);
      nameInput.reportValidity();
      status.textContent = refusal;
      return;
    }
    stopRetrying();
    if (socket) {
      const previous = socket;
      socket = null;
      previous.close(1000, 'switching rooms');
    }
    me = name;
    room = roomInput.value.trim();
    delayMs = FIRST_DELAY_MS;
    disconnected = false;
    connect(false);
  });

  document.getElementById('send').addEventListener('submit', function (event) {
    event.preventDefault();
    const text = message.value;
    if (socket && socket.readyState === WebSocket.OPEN && text.length > 0) {
      socket.send(text);
      message.value = '';
    }
  });

  // For tests and the curious: the words the page uses for a close code, and its back-off.
  window.duplexChat = { closeText: closeText, firstDelayMs: FIRST_DELAY_MS, nextDelay: nextDelay };
}());
