// Hosting (issue 13 items 9–10) and start-up (issue 14): the release build on a
// plain static host with no single-page-app fallback, in a subfolder, opened in
// fresh browsers; the service worker's scope; the Content-Security-Policy
// (no violation while playing, served and single-file); a broken scenario
// body; and Enter → the trainee's bubble, reported (not asserted).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, dist, root, scenarios, names, playToEnd, option, lastCustomerLine, screenshot } from './harness.mjs';

const FOLDER = '/training/dojo/';
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.webmanifest': 'application/manifest+json',
};
// Paths answered with something else than the build (a broken body, other pages of the host).
const overrides = new Map([
  [`${FOLDER}notes.html`, '<!DOCTYPE html><link rel="icon" href="data:,"><title>Team notes</title><p>Team notes, not the app.</p>'],
  ['/elsewhere.html', '<!DOCTYPE html><link rel="icon" href="data:,"><title>Elsewhere</title><p>Another site on this host.</p>'],
]);
const requested = [];

let server, origin, browser, library, bargainer;
before(async () => {
  // A plain static host: files or 404, no fallback to index.html.
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requested.push(path);
    if (overrides.has(path)) {
      res.writeHead(200, { 'content-type': extname(path) === '.json' ? 'application/json' : 'text/html; charset=utf-8' });
      res.end(overrides.get(path));
      return;
    }
    try {
      if (!path.startsWith(FOLDER)) throw new Error('outside the folder');
      let file = join(dist, path.slice(FOLDER.length));
      if (!file.startsWith(dist)) throw new Error('outside the build');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
  library = await scenarios();
  bargainer = Object.values(library).filter((s) => s.archetype === 'bargainer').sort((a, b) => a.difficulty - b.difficulty)[0];
});
after(async () => { await browser?.close(); server?.close(); });

/** The file in scenarios/ that holds a scenario. */
async function fileOf(id) {
  for (const name of await readdir(join(root, 'scenarios'))) {
    if (!name.endsWith('.json') || name === 'schema.json') continue;
    if (JSON.parse(await readFile(join(root, 'scenarios', name), 'utf8')).id === id) return name;
  }
  throw new Error(`no file for ${id}`);
}

/** A fresh browser profile; records console errors and CSP violations. */
async function fresh({ serviceWorkers = 'block' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective}: ${e.blockedURI || '(inline)'} ${e.sourceFile ?? ''}:${e.lineNumber ?? ''}`);
    });
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => page.errors.push(`pageerror: ${err.message}`));
  return { context, page };
}

async function noViolations(page, label) {
  assert.deepEqual(await page.evaluate(() => window.__violations), [], `CSP violations (${label})`);
}

test('a deep link opens in a fresh browser from a subfolder of a static host with no fallback', async () => {
  const { context, page } = await fresh();
  requested.length = 0;
  await page.goto(`${origin}${FOLDER}#/play/${bargainer.id}?beginner=1`);
  await page.getByRole('button', { name: names.zh.start }).click();
  await lastCustomerLine(page);
  assert.equal(new URL(page.url()).pathname, FOLDER, 'the screen stays in the fragment');
  // (A browser may ask the host for /favicon.ico by itself.)
  const outside = requested.filter((p) => !p.startsWith(FOLDER) && p !== '/favicon.ico');
  assert.deepEqual(outside, [], 'every file is loaded from the app folder');
  assert.ok(requested.includes(`${FOLDER}scenarios/${await fileOf(bargainer.id)}`), 'the body was fetched when the scenario was opened');
  assert.deepEqual(page.errors, []);
  await noViolations(page, 'deep link');
  await context.close();
});

test('the catalogue loads no scenario body, and a broken body gets a clear message when opened', async () => {
  const { context, page } = await fresh();
  const file = await fileOf(bargainer.id);
  const bodies = [];
  page.on('request', (r) => { if (r.url().includes('/scenarios/')) bodies.push(r.url()); });
  await page.goto(`${origin}${FOLDER}`);
  await page.locator('.cards .card').first().waitFor();
  assert.equal(await page.locator('.cards .card').count(), Object.keys(library).length, 'every scenario is listed');
  assert.deepEqual(bodies, [], 'the first page loads no scenario body');
  // A body that no longer parses (a server serving a damaged copy).
  const path = `${FOLDER}scenarios/${file}`;
  const exists = existsSync(join(dist, 'scenarios', file));
  overrides.set(path, '{"id": "broken", ');
  try {
    await page.goto(`${origin}${FOLDER}#/play/${bargainer.id}`);
    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: '这个场景暂时无法打开' });
    await alert.waitFor();
    assert.match(await alert.innerText(), new RegExp(file.replace('.', '\\.')));
    await screenshot(page, 'hosting-broken-body');
  } finally {
    overrides.delete(path);
  }
  assert.ok(exists, `the build carries ${file}`);
  await context.close();
});

test('a pack link made on 127.0.0.1 warns the trainer, and opens on a fresh browser from the subfolder', async () => {
  const { context, page } = await fresh();
  await page.goto(`${origin}${FOLDER}#/classroom`);
  await page.getByLabel('练习包名称').fill('Hosting pack');
  await page.getByRole('checkbox', { name: new RegExp(bargainer.title.zh) }).check();
  await page.getByLabel('新手选项').check();
  const link = await page.locator('textarea.pack-link').inputValue();
  assert.ok(link.startsWith(`${origin}${FOLDER}#/pack?p=`), link);
  assert.match(await page.locator('.local-link').innerText(), /127\.0\.0\.1/, 'the trainer is told the link only works here');
  await noViolations(page, 'classroom');
  await context.close();

  const trainee = await fresh();
  await trainee.page.goto(link);
  await trainee.page.getByLabel('你的名字').fill('小林');
  await trainee.page.getByRole('button', { name: '开始练习包' }).click();
  // The scenario's brief comes first (main's pack flow).
  await trainee.page.getByRole('button', { name: '开始这个场景' }).click();
  await playToEnd(trainee.page, bargainer, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  assert.deepEqual(trainee.page.errors, []);
  await noViolations(trainee.page, 'pack');
  await trainee.context.close();
});

test('CSP: present, strict on scripts, and nothing violates it while playing to the end', async () => {
  const { context, page } = await fresh();
  await page.goto(`${origin}${FOLDER}#/play/${bargainer.id}`);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(policy, /'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
  assert.match(policy, /object-src 'none'/);
  await page.getByLabel('新手模式：从几个回复中选择').check();
  await page.getByRole('button', { name: names.zh.start }).click();
  await playToEnd(page, bargainer, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  for (const screen of ['/progress', '/classroom', '/classroom/dashboard']) {
    await page.goto(`${origin}${FOLDER}#${screen}`);
    await page.locator('main h1, main h2').first().waitFor();
  }
  assert.deepEqual(page.errors, []);
  await noViolations(page, 'playing');
  await context.close();
});

test('the service worker: scoped to the app folder, answers the app only, rescues an older path link', async () => {
  const { context, page } = await fresh({ serviceWorkers: 'allow' });
  await page.goto(`${origin}${FOLDER}`);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, `${origin}${FOLDER}`);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // A page of the host inside the folder that is not the app: the network answers it.
  await page.goto(`${origin}${FOLDER}notes.html`);
  assert.equal(await page.locator('p').innerText(), 'Team notes, not the app.');
  // Outside the folder: not in scope at all.
  await page.goto(`${origin}/elsewhere.html`);
  assert.equal(await page.locator('p').innerText(), 'Another site on this host.');
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
  // An older path link: the host has no such file, the worker answers with the app.
  await page.goto(`${origin}${FOLDER}play/${bargainer.id}?beginner=1`);
  await page.getByRole('button', { name: names.zh.start }).waitFor();
  await page.waitForFunction(() => location.hash.startsWith('#/play/'));
  assert.equal(new URL(page.url()).pathname, FOLDER, 'the address moves to the fragment form');
  assert.deepEqual(page.errors, []);
  await noViolations(page, 'service worker');
  await context.close();
});

test('Enter → the trainee\'s bubble on the first reply (reported, not asserted)', async () => {
  const times = [];
  for (let run = 0; run < 3; run++) {
    const { context, page } = await fresh();
    await page.goto(`${origin}${FOLDER}#/play/${bargainer.id}`);
    await page.getByRole('button', { name: names.zh.start }).click();
    await lastCustomerLine(page);
    await page.getByRole('textbox', { name: names.zh.reply }).fill('您好，这个价格已经是活动价了，我帮您看看有没有适合您的优惠券，好吗？');
    await page.evaluate(() => {
      window.__bubble = new Promise((done) => {
        document.addEventListener('keydown', (e) => {
          if (e.key !== 'Enter') return;
          const start = performance.now();
          const before = document.querySelectorAll('.bubble.trainee').length;
          const observer = new MutationObserver(() => {
            if (document.querySelectorAll('.bubble.trainee').length > before) {
              observer.disconnect();
              requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
            }
          });
          observer.observe(document.body, { childList: true, subtree: true });
        }, { capture: true, once: true });
      });
    });
    await page.keyboard.press('Enter');
    times.push(await page.evaluate(() => window.__bubble));
    assert.deepEqual(page.errors, []);
    await context.close();
  }
  times.sort((a, b) => a - b);
  console.log(`Enter → trainee's bubble (first reply, 1× CPU): median ${times[1].toFixed(0)} ms of ${times.map((t) => t.toFixed(0)).join(', ')}`);
});

test('the single-file edition carries its own CSP and nothing violates it', async (t) => {
  const file = join(root, 'dist-single', 'service-dojo.html');
  if (!existsSync(file)) return t.skip('no dist-single/service-dojo.html: run node tools/single-file.mjs first');
  const { context, page } = await fresh();
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await page.goto(`${pathToFileURL(file).href}#/play/${bargainer.id}?beginner=1`);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /default-src 'none'; script-src 'sha256-[^']+' 'wasm-unsafe-eval'/);
  await page.getByRole('button', { name: names.zh.start }).click();
  await lastCustomerLine(page);
  await page.locator('.options button, .beginner-options button').first().click();
  await lastCustomerLine(page);
  assert.deepEqual(page.errors, []);
  await noViolations(page, 'single file');
  await context.close();
});

test('rush hour loads its customers on demand; one broken body gets the message, not the desks', async () => {
  const { context, page } = await fresh();
  const chat = Object.values(library).filter((s) => s.channel === 'chat' && s.difficulty <= 2).sort((a, b) => a.id.localeCompare(b.id));
  const ids = [chat[0].id, chat.find((s) => s.archetype !== chat[0].archetype).id];
  requested.length = 0;
  await page.goto(`${origin}${FOLDER}#/rush?s=${ids.join(',')}`);
  await page.getByRole('button', { name: '开始接待' }).waitFor();
  for (const id of ids) assert.ok(requested.includes(`${FOLDER}scenarios/${await fileOf(id)}`), `${id}'s body was fetched`);
  assert.match(await page.locator('.rush-list').innerText(), new RegExp(library[ids[1]].persona.name.zh));
  const path = `${FOLDER}scenarios/${await fileOf(ids[1])}`;
  overrides.set(path, '{"id": ');
  try {
    await page.reload();
    await page.getByRole('alert').filter({ hasText: '这个场景暂时无法打开' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '开始接待' }).count(), 0);
  } finally {
    overrides.delete(path);
  }
  assert.deepEqual(page.errors, []);
  await noViolations(page, 'rush hour');
  await context.close();
});

test('a returning trainee: stored findings are read back through the rules loaded at start', async () => {
  const { context, page } = await fresh();
  await page.goto(`${origin}${FOLDER}#/play/${bargainer.id}?beginner=1`);
  await page.getByRole('button', { name: names.zh.start }).click();
  await playToEnd(page, bargainer, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  const stored = await page.evaluate(() => localStorage.getItem('service-dojo'));
  assert.match(stored, /"rule"/, 'findings are stored');
  requested.length = 0;
  await page.goto(`${origin}${FOLDER}#/progress`);
  await page.reload();
  assert.equal(await page.locator('[data-total="sessions"]').innerText(), '1');
  assert.ok(requested.includes(`${FOLDER}rules/rules.json`), 'the rules were loaded to read the store');
  assert.deepEqual(page.errors, []);
  await noViolations(page, 'returning trainee');
  await context.close();
});

test('the single-file edition opens a guideline passage with nothing fetched', async (t) => {
  const file = join(root, 'dist-single', 'service-dojo.html');
  if (!existsSync(file)) return t.skip('no dist-single/service-dojo.html: run node tools/single-file.mjs first');
  const { context, page } = await fresh();
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await page.goto(`${pathToFileURL(file).href}#/play/angry-late-cake`);
  await page.getByRole('button', { name: names.zh.start }).click();
  await lastCustomerLine(page);
  const box = page.getByRole('textbox', { name: names.zh.reply });
  await box.fill('我保证十分钟内一定送到。');
  await box.press('Enter');
  const link = page.locator('.feedback .section-link', { hasText: '02 §3.5' }).first();
  await link.click();
  const passage = page.locator('dialog.guideline-dialog .guideline-passage');
  await passage.waitFor();
  assert.match(await passage.innerText(), /凡事留有余地/);
  assert.deepEqual(page.errors, []);
  await noViolations(page, 'single-file passage');
  await context.close();
});
