// Drives the desk in headless Debian Chromium with puppeteer-core, for DeskBrowserTests (which starts the
// host, seeds it, pushes the live touchpoint over gRPC when this script says READY, and reads the verdict).
// Usage: node desk.browser.cjs CONFIG.json   (modules from NODE_PATH, installed by test.sh into .tools/)
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const puppeteer = require('puppeteer-core');
const { AxePuppeteer } = require('@axe-core/puppeteer');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const input = readline.createInterface({ input: process.stdin });
const lines = [];
let waiting = null;
input.on('line', (line) => { lines.push(line); waiting?.(); });
const nextLine = (timeout) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no answer from the test on stdin')), timeout);
  const check = () => { if (lines.length) { clearTimeout(timer); waiting = null; resolve(lines.shift()); } };
  waiting = check;
  check();
});

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(config.screenshots, `${name}.png`), fullPage: true });
}

async function accessible(page, view) {
  const results = await new AxePuppeteer(page).analyze();
  check(results.violations.length === 0, `axe found violations in the ${view} view: ${JSON.stringify(results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) })))}`);
}

// Every visible control is reached by Tab, in a walk with a bound.
async function tabWalk(page, view) {
  const controls = await page.$$eval('input, select, button, textarea, a[href]', (elements) =>
    elements.filter((e) => e.offsetParent !== null && !e.disabled).map((e, i) => { e.dataset.walk = String(i); return String(i); }));
  await page.evaluate(() => document.activeElement?.blur());
  await page.focus('body');
  const reached = new Set();
  for (let i = 0; i < controls.length * 2 + 5 && reached.size < controls.length; i++) {
    await page.keyboard.press('Tab');
    const walk = await page.evaluate(() => document.activeElement?.dataset?.walk ?? null);
    if (walk !== null) reached.add(walk);
  }
  const missed = controls.filter((c) => !reached.has(c));
  check(missed.length === 0, `Tab never reached ${missed.length} of ${controls.length} controls in the ${view} view`);
}

async function waitFor(page, predicate, timeout, message, ...args) {
  try {
    await page.waitForFunction(predicate, { timeout, polling: 50 }, ...args);
  } catch {
    throw new Error(message);
  }
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: config.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${config.profile}`],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 1000 });
    const graphqlPosts = [];
    page.on('request', (request) => { if (request.url().endsWith('/graphql') && request.method() === 'POST') graphqlPosts.push(request.postData()); });
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    const frames = [];
    cdp.on('Network.webSocketFrameReceived', (event) => frames.push(event.response.payloadData));

    // The console stays clean on load: no error logged, no request failing (a missing favicon would be one).
    const loadProblems = [];
    page.on('console', (message) => { if (message.type() === 'error') loadProblems.push(`console: ${message.text()}`); });
    page.on('requestfailed', (request) => loadProblems.push(`failed: ${request.url()}`));
    page.on('response', (response) => { if (response.status() >= 400) loadProblems.push(`${response.status()}: ${response.url()}`); });
    await page.goto(`${config.url}/desk`, { waitUntil: 'networkidle0' });
    check(loadProblems.length === 0, `loading the desk was not clean: ${loadProblems.join('; ')}`);
    await page.type('#tenant', config.tenant);
    await page.type('#token', config.token);
    await page.$eval('#token', (e) => e.dispatchEvent(new Event('change')));
    check(await page.$eval('#agent', (e) => e.value) === config.subject, 'the agent field does not show the token\'s subject');
    await page.select('#team', 'COLLECTION');
    await page.type('#find-id', config.customer);
    await page.click('#find button[type=submit]');
    await waitFor(page, () => !document.getElementById('customer').hidden && document.body.dataset.frames >= 1, 10_000, 'the customer view never opened with its subscription');
    check((await page.$eval('#clock', (e) => e.textContent)).includes(config.clockDay), `the desk's "now" is not the engine's clock: ${await page.$eval('#clock', (e) => e.textContent)}`);
    // What the customer received: the reminder, failed for want of an address, on the timeline and in the list; the message itself on request.
    await waitFor(page, () => document.getElementById('messages').textContent.includes('no-address'), 10_000, 'the failed reminder is not listed with no-address');
    check((await page.$eval('#timeline', (e) => e.textContent)).includes('MESSAGE_FAILED · EMAIL · no-address'), 'the timeline does not show the failure and its reason');
    await page.click('#messages tr:nth-child(2) button');
    await waitFor(page, () => !document.getElementById('message').hidden && document.querySelector('#message pre')?.textContent.length > 0, 10_000, 'the message itself was not shown');
    await shot(page, 'customer');
    await accessible(page, 'customer');
    await tabWalk(page, 'customer');

    // Live: the test pushes a touchpoint over gRPC; it must appear from a WebSocket frame, with no query in between.
    const postsBefore = graphqlPosts.length;
    const framesBefore = Number(await page.evaluate(() => document.body.dataset.frames));
    const started = Date.now();
    console.log('READY');
    const pushed = (await nextLine(30_000)).replace(/^PUSHED /, '');
    await waitFor(page, (id) => document.querySelector(`#timeline li[data-event-id="${id}"]`) !== null, 10_000, `the pushed touchpoint ${pushed} never appeared live`, pushed);
    console.log(`LIVE ${Date.now() - started}`);
    check(graphqlPosts.length === postsBefore, `the desk queried ${graphqlPosts.length - postsBefore} time(s) before the push appeared`);
    check(Number(await page.evaluate(() => document.body.dataset.frames)) > framesBefore, 'no subscription frame was rendered');
    check(frames.some((f) => f.includes(pushed)), 'no graphql-transport-ws frame carried the pushed touchpoint');

    // A complaint recorded at the desk: the case goes on hold with the reason, and collection may no longer contact.
    await page.select('#record-type', 'COMPLAINT_OPENED');
    await page.type('#record-reason', config.complaint);
    await page.click('#record button[type=submit]');
    await waitFor(page, (reason) => document.getElementById('cases').textContent.includes(reason)
      && [...document.querySelectorAll('#contact td:nth-child(2)')].every((td) => td.textContent.startsWith('niet toegestaan')), 10_000,
      'the complaint never put the case on hold with its reason and contact to denied', config.complaint);
    const recorded = graphqlPosts.filter((p) => p.includes('recordTouchpoint'));
    check(recorded.length === 1, `the complaint was sent ${recorded.length} times`);
    console.log(`RECORDED ${JSON.parse(recorded[0]).variables.i.eventId}`);
    await shot(page, 'complaint');

    // A payment plan agreed at the desk: 40.00 a month from 1 July over the 120.00 owed is three instalments, none paid yet.
    await page.select('#record-type', 'PAYMENT_ARRANGEMENT_AGREED');
    await page.$eval('#record-date', (e) => { e.value = '2026-07-01'; });
    await page.type('#record-amount', '40');
    await page.select('#record-interval', 'P1M');
    await page.click('#record button[type=submit]');
    await waitFor(page, () => document.getElementById('cases').textContent.includes('0/3'), 10_000, 'the plan never showed on the case as 0 of 3 instalments paid');
    await shot(page, 'plan');

    // A dispute recorded at the desk: it arrives on the timeline with its reason (the case's hold still names the older complaint).
    await page.select('#record-type', 'DISPUTE_OPENED');
    await page.type('#record-reason', config.dispute);
    await page.click('#record button[type=submit]');
    await waitFor(page, (reason) => [...document.querySelectorAll('#timeline li')].some((li) => li.textContent.includes('DISPUTE_OPENED') && li.textContent.includes(reason)),
      10_000, 'the dispute never reached the timeline with its reason', config.dispute);
    await accessible(page, 'customer with a plan and a dispute');

    // The worklist, in the documented order for the seeded customers.
    await page.click('nav button[data-view=worklist]');
    await waitFor(page, () => document.getElementById('worklist').dataset.total !== undefined, 10_000, 'the worklist never loaded');
    const rows = await page.$$eval('#worklist tr', (trs) => trs.slice(1).map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent]));
    check(JSON.stringify(rows) === JSON.stringify(config.worklist), `worklist order ${JSON.stringify(rows)}, expected ${JSON.stringify(config.worklist)}`);
    await page.click('#worklist tr:nth-child(2) button');
    await waitFor(page, (subject) => document.querySelector('#worklist tr:nth-child(2)').cells[6].textContent.startsWith(subject), 10_000, 'taking the first item did not lease it', config.subject);
    await shot(page, 'worklist');
    await accessible(page, 'worklist');
    await tabWalk(page, 'worklist');

    // The credit manager's view: charts as SVG.
    await page.click('nav button[data-view=manager]');
    await waitFor(page, () => document.querySelector('#chart-step svg rect') !== null, 10_000, 'the statistics chart never appeared');
    await waitFor(page, () => document.querySelector('#chart-ageing svg rect') !== null && document.querySelector('#chart-forecast svg rect') !== null, 10_000, 'the receivables charts never appeared');
    const ageing = await page.$$eval('#ageing tr', (trs) => trs.slice(1).map((tr) => [tr.cells[0].textContent, tr.cells[2].textContent]));
    check(ageing.some((row) => JSON.stringify(row) === JSON.stringify(config.ageing)), `ageing ${JSON.stringify(ageing)}, expected a row ${JSON.stringify(config.ageing)}`);
    await waitFor(page, () => document.querySelector('#disputes tr:nth-child(2)') !== null, 10_000, 'the disputes by reason never appeared');
    const work = await page.$$eval('#work tr', (trs) => trs.slice(1).map((tr) => [...tr.cells].map((c) => c.textContent)));
    check(work.some((row) => row[1] === config.subject && row[2] === '1'), `the work per agent ${JSON.stringify(work)} does not show ${config.subject} taking one item`);
    const summary = await page.$eval('#receivables-summary', (e) => e.textContent);
    check(summary.includes(config.promisesKept), `receivables summary '${summary}' does not show ${config.promisesKept} of promises kept`);
    await shot(page, 'manager');
    await accessible(page, 'manager');
    await tabWalk(page, 'manager');

    // A token for tenant A never shows tenant B: neither by naming B, nor B's customer under A.
    await page.click('nav button[data-view=customer]');
    for (const [tenant, customer] of [[config.otherTenant, config.otherCustomer], [config.tenant, config.otherCustomer]]) {
      await page.$eval('#tenant', (e, v) => { e.value = v; }, tenant);
      await page.$eval('#find-id', (e, v) => { e.value = v; }, customer);
      await page.click('#find button[type=submit]');
      await waitFor(page, () => !document.getElementById('error').hidden && document.getElementById('customer').hidden, 10_000, `tenant ${tenant} / ${customer} did not answer with an error`);
      check(!(await page.content()).includes(config.otherSecret), 'tenant B\'s data reached the page');
    }
    await shot(page, 'isolation');
    console.log('OK');
  } finally {
    await browser.close();
    input.close();
  }
})().catch((error) => {
  console.log(`FAIL ${error.message}`);
  process.exitCode = 1;
  input.close();
});
