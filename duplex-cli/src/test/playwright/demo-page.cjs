// Checks the duplex demo's chat page in headless Chromium for DemoBrowserTest, one scenario per run, and prints what
// it saw as one line of JSON (a line starting with '{') for the Java test to check.
//
// Usage: node demo-page.cjs SCENARIO BASE_URL   (playwright-core found through NODE_PATH)
//   long-word       one page joins and sends a 300-character word; reports the widths of the page, log and message
//   room-switch     one page joins lobby, then games; reports the log
//   blank-name      one page tries to join with a name of spaces; reports the status, the name's validity message
//                   and how many WebSockets the page opened
//   close-texts     reports the page's words for close codes 1000, 1001, 1006, 1008, 1009, 1011 and 4000, and
//                   its first eight reconnection delays
//   reconnect       one page joins; prints "stop-the-server" and waits for a line on standard input; waits for the
//                   page to show the disconnect and to back off twice; prints "start-the-server" and waits for a
//                   line; waits for the page to reconnect and sends a message; reports the statuses seen and the log
// Exit code 0 when the scenario ran to the end; 1 with the reason on standard error otherwise.
'use strict';

const { chromium } = require('playwright-core');
const readline = require('readline');

const [scenario, baseUrl] = process.argv.slice(2);
const TIMEOUT_MS = 15000;
const VIEWPORT = { width: 640, height: 720 };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const input = readline.createInterface({ input: process.stdin });
const lines = [];
const waiting = [];
input.on('line', (line) => (waiting.length > 0 ? waiting.shift()(line) : lines.push(line)));

/** Asks the Java test to do `request` and waits (at most TIMEOUT_MS) for its answer line. */
function ask(request) {
  console.log(request);
  return new Promise((resolve, reject) => {
    if (lines.length > 0) {
      resolve(lines.shift());
      return;
    }
    const timer = setTimeout(() => reject(new Error('no answer to ' + request)), TIMEOUT_MS);
    waiting.push((line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
}

async function open(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const problems = [];
  const sockets = [];
  page.on('pageerror', (error) => problems.push('page error: ' + error.message));
  page.on('console', (message) => {
    // A failed reconnection attempt is reported by Chromium itself as a console error; that is expected here.
    if (message.type() === 'error' && !/WebSocket connection to .* failed/.test(message.text())) {
      problems.push('console error: ' + message.text());
    }
  });
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await page.goto(baseUrl);
  // Installed before anything happens, so that no status the page shows is missed.
  await page.evaluate(() => {
    window.statusesSeen = [];
    const status = document.getElementById('status');
    new MutationObserver(() => window.statusesSeen.push(status.textContent))
      .observe(status, { childList: true, characterData: true, subtree: true });
  });
  return { page, problems, sockets };
}

async function join(member, name, room) {
  await member.page.fill('#name', name);
  await member.page.fill('#room', room);
  await member.page.click('#join-button');
  await member.page.waitForFunction(([who, where]) => document.getElementById('status').textContent
    === 'in room ' + where + ' as ' + who, [name, room]);
}

async function say(member, text) {
  await member.page.fill('#message', text);
  await member.page.press('#message', 'Enter');
}

async function sees(member, from, text) {
  await member.page.waitForFunction(([who, said]) => Array.from(document.querySelectorAll('#log li'))
    .some((item) => item.textContent === who + ':' + said), [from, text]);
}

// Waits until the log holds the line `text` at least `times` times.
async function logHas(member, times, text) {
  await member.page.waitForFunction(([count, line]) => Array.from(document.querySelectorAll('#log li'))
    .filter((item) => item.textContent === line).length >= count, [times, text]);
}

async function logOf(member) {
  return member.page.$$eval('#log li', (items) => items.map((item) => item.textContent));
}

const scenarios = {
  'long-word': async (browser) => {
    const member = await open(browser);
    await join(member, 'alice', 'lobby');
    const word = 'x'.repeat(300);
    await say(member, word);
    await sees(member, 'alice', word);
    const widths = await member.page.evaluate(() => {
      const items = Array.from(document.querySelectorAll('#log li'));
      const item = items[items.length - 1];
      const log = document.getElementById('log');
      return {
        documentScrollWidth: document.documentElement.scrollWidth, windowInnerWidth: window.innerWidth,
        logScrollWidth: log.scrollWidth, logClientWidth: log.clientWidth,
        messageScrollWidth: item.scrollWidth, messageClientWidth: item.clientWidth,
      };
    });
    return { widths, problems: member.problems };
  },

  'room-switch': async (browser) => {
    const member = await open(browser);
    await join(member, 'alice', 'lobby');
    // The room's greeting comes after the page is in the room: wait for it before switching, so the log's order is
    // the rooms' order and not a race with the server.
    await logHas(member, 1, 'alice joined (1 here)');
    await join(member, 'alice', 'games');
    await logHas(member, 2, 'alice joined (1 here)');
    return { log: await logOf(member), problems: member.problems };
  },

  'blank-name': async (browser) => {
    const member = await open(browser);
    await member.page.fill('#name', '   ');
    await member.page.click('#join-button');
    await member.page.waitForFunction(() => document.getElementById('status').textContent !== 'not connected');
    // A round trip through the page's event loop: a socket it opened on the click would be reported by now.
    await member.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    return {
      status: await member.page.textContent('#status'),
      validationMessage: await member.page.$eval('#name', (name) => name.validationMessage),
      sockets: member.sockets,
      log: await logOf(member),
      problems: member.problems,
    };
  },

  'close-texts': async (browser) => {
    const member = await open(browser);
    const texts = await member.page.evaluate(() => [1000, 1001, 1006, 1008, 1009, 1011, 4000]
      .map((code) => window.duplexChat.closeText(code)));
    const delays = await member.page.evaluate(() => {
      const waits = [window.duplexChat.firstDelayMs];
      while (waits.length < 8) waits.push(window.duplexChat.nextDelay(waits[waits.length - 1]));
      return waits;
    });
    return { texts, delays, problems: member.problems };
  },

  reconnect: async (browser) => {
    const member = await open(browser);
    await join(member, 'alice', 'lobby');
    await say(member, 'before the stop');
    await sees(member, 'alice', 'before the stop');
    await ask('stop-the-server');
    await member.page.waitForFunction(() => Array.from(document.querySelectorAll('#log li.notice'))
      .some((item) => item.textContent.startsWith('Disconnected:')));
    // Two failed attempts while the server is down: 0.5 s, then 1 s, and the page now waits 2 s.
    await member.page.waitForFunction(() => document.getElementById('status').textContent
      .endsWith('reconnecting in 2 s'));
    await ask('start-the-server');
    await member.page.waitForFunction(() => document.getElementById('status').textContent
      === 'in room lobby as alice', null, { timeout: 30000 });
    await say(member, 'after the restart');
    await sees(member, 'alice', 'after the restart');
    return {
      statuses: await member.page.evaluate(() => window.statusesSeen),
      log: await logOf(member),
      messageEnabled: await member.page.isEnabled('#message'),
      problems: member.problems,
    };
  },
};

async function main() {
  const run = scenarios[scenario];
  if (!run) throw new Error('unknown scenario ' + scenario + '; one of ' + Object.keys(scenarios).join(', '));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    console.log(JSON.stringify(await run(browser)));
  } finally {
    await browser.close();
    input.close();
  }
}

main().catch((error) => {
  console.error('demo-page: ' + (error && error.stack ? error.stack : error));
  process.exit(1);
});
