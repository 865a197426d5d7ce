// The Duplex demo's chat client: joins /chat/{room} on the page's own host and shows what the room says.
(function () {
  'use strict';
  const log = document.getElementById('log');
  const status = document.getElementById('status');
  const message = document.getElementById('message');
  const sendButton = document.getElementById('send-button');
  let socket = null;
  let me = null;

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

  document.getElementById('join').addEventListener('submit', function (event) {
    event.preventDefault();
    if (socket) socket.close(1000, 'switching rooms');
    const name = document.getElementById('name').value.trim();
    me = name;
    const room = document.getElementById('room').value.trim();
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = scheme + '://' + location.host + '/chat/' + encodeURIComponent(room)
      + '?name=' + encodeURIComponent(name);
    const current = new WebSocket(url);
    socket = current;
    status.textContent = 'connecting to ' + room + '…';
    current.onopen = function () {
      status.textContent = 'in room ' + room + ' as ' + name;
      connected(true);
    };
    current.onmessage = function (event) {
      const data = JSON.parse(event.data);
      if (data.type === 'message') show(data.text, data.from, data.from === me ? 'mine' : null);
      else if (data.type === 'joined') show(data.from + ' joined (' + data.members + ' here)', null, 'notice');
      else if (data.type === 'left') show(data.from + ' left (' + data.members + ' here)', null, 'notice');
    };
    current.onclose = function (event) {
      if (socket === current) {
        status.textContent = 'disconnected (' + event.code + ')';
        connected(false);
      }
    };
  });

  document.getElementById('send').addEventListener('submit', function (event) {
    event.preventDefault();
    const text = message.value;
    if (socket && socket.readyState === WebSocket.OPEN && text.length > 0) {
      socket.send(text);
      message.value = '';
    }
  });
}());
