// Drives the duplex demo's chat page in headless Chromium for DemoBrowserTest: two pages join room "lobby" as
// alice and bob, each sends a message, and each must show the other's. Saves one screenshot of both pages side by
// side, then prints what each page's log shows as one line of JSON for the Java test to check.
//
// Usage: node demo-chat.cjs BASE_URL SCREENSHOT_PNG [BOB_BASE_URL]   (playwright-core found through NODE_PATH)
// With BOB_BASE_URL, bob's page is opened there: another demo process sharing the rooms through Redis.
// Exit code 0 when both pages saw both messages; 1 with the reason on standard error otherwise.
'use strict';

const { chromium } = require('playwright-core');

const [baseUrl, screenshotPath, bobBaseUrl] = process.argv.slice(2);
const TIMEOUT_MS = 15000;
const VIEWPORT = { width: 640, height: 720 };

// The flags this machine's Chromium needs: no sandbox as root, and no background connections to a closed network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Opens the page, joins the room as `name`, and waits for the room's notice that `name` joined: the server sends it
 * once the member is in the room, which the socket's open event alone does not promise.
 */
async function join(context, name, url) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const problems = [];
  page.on('pageerror', (error) => problems.push('page error: ' + error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push('console error: ' + message.text());
  });
  await page.goto(url);
  await page.fill('#name', name);
  await page.fill('#room', 'lobby');
  await page.click('#join-button');
  await page.waitForFunction((who) => document.getElementById('status').textContent === 'in room lobby as ' + who,
    name);
  const member = { page, name, problems };
  await seesNotice(member, name + ' joined');
  return member;
}

/** Waits until `member`'s log shows a notice starting with `text`. */
async function seesNotice(member, text) {
  await member.page.waitForFunction((notice) => Array.from(document.querySelectorAll('#log li.notice'))
    .some((item) => item.textContent.startsWith(notice)), text);
}

async function say(member, text) {
  await member.page.fill('#message', text);
  await member.page.press('#message', 'Enter');
}

/** Waits until `member`'s log shows `text` said by `from`. */
async function sees(member, from, text) {
  await member.page.waitForFunction(([who, said]) => Array.from(document.querySelectorAll('#log li'))
    .some((item) => item.querySelector('.from') !== null
      && item.querySelector('.from').textContent === who + ':'
      && item.textContent === who + ':' + said), [from, text]);
}

async function logOf(member) {
  return member.page.$$eval('#log li', (items) => items.map((item) => item.textContent));
}

/** One PNG of both pages side by side, composed in a third page so no image library is needed. */
async function screenshotBoth(browser, members) {
  const shots = [];
  for (const member of members) {
    shots.push((await member.page.screenshot()).toString('base64'));
  }
  const page = await browser.newPage({ viewport: { width: VIEWPORT.width * 2 + 8, height: VIEWPORT.height } });
  await page.setContent('<body style="margin:0;background:#888;display:flex;gap:8px">'
    + shots.map((shot) => '<img src="data:image/png;base64,' + shot + '">').join('') + '</body>');
  await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
  await page.screenshot({ path: screenshotPath });
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    // A context each, as two separate browser windows would be.
    const alice = await join(await browser.newContext({ viewport: VIEWPORT }), 'alice', baseUrl);
    const bob = await join(await browser.newContext({ viewport: VIEWPORT }), 'bob', bobBaseUrl || baseUrl);
    // On two demos too: alice's node wrote her presence before telling her she joined, and bob's reads after his.
    await seesNotice(alice, 'bob joined (2 here)');
    await say(alice, 'Hello Bob, this is Alice.');
    await say(bob, 'Hi Alice! Bob here.');
    await sees(bob, 'alice', 'Hello Bob, this is Alice.');
    await sees(alice, 'bob', 'Hi Alice! Bob here.');
    await screenshotBoth(browser, [alice, bob]);
    const problems = alice.problems.concat(bob.problems);
    console.log(JSON.stringify({ alice: await logOf(alice), bob: await logOf(bob), problems }));
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error('demo-chat: ' + (error && error.stack ? error.stack : error));
  process.exit(1);
});
