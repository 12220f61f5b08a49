// Shared e2e plumbing: a static server for the release build (with the
// single-page-app fallback), Debian's headless Chromium through playwright-core,
// and a page wrapper that fails the test on any console error, page error or
// blank screen.
import { createServer } from 'node:http';
import { readFile, mkdir, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '..', '..');
export const dist = resolve(process.env.DOJO_DIST ?? join(root, 'dist'));
export const shots = join(here, 'screenshots');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

export async function serve() {
  assert.ok(existsSync(join(dist, 'index.html')), `no build in ${dist}: run trunk build --release first`);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || path.endsWith('/')) file = join(dist, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404); res.end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A page that records every console error and uncaught exception. */
export async function open(browser, url, { viewport = { width: 1280, height: 900 }, context } = {}) {
  const ctx = context ?? await browser.newContext({ viewport });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => page.errors.push(`pageerror: ${err.message}`));
  await page.goto(url);
  await page.locator('header.site-header').waitFor();
  return page;
}

/** Fails on errors seen so far and on an empty main area. */
export async function assertHealthy(page) {
  assert.deepEqual(page.errors, [], 'console errors or panics');
  const text = (await page.locator('main').innerText()).trim();
  assert.ok(text.length > 20, 'the page looks blank');
}

export async function screenshot(page, name) {
  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** axe-core injected into the page: no serious or critical violations. */
export async function audit(page, label) {
  // Evaluated through the DevTools protocol, not as an inline <script>: the
  // app's Content-Security-Policy rightly refuses inline scripts it has no hash for.
  if (!(await page.evaluate(() => Boolean(window.axe)))) {
    await page.evaluate(await readFile(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  }
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), [], `accessibility (${label})`);
}

/** The built-in scenarios, read from the repository the app was built from. */
export async function scenarios() {
  const dir = join(root, 'scenarios');
  const out = {};
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.json') || name === 'schema.json') continue;
    const s = JSON.parse(await readFile(join(dir, name), 'utf8'));
    out[s.id] = s;
  }
  return out;
}

/** Which turn the customer is on, from the last customer bubble's text. */
/** Whether a line as said matches an authored one, whose slots ({promised_time}…) hold the trainee's words. */
function saidAs(template, line) {
  const parts = template.trim().split(/\{[a-z_]+\}/);
  const pattern = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?');
  return new RegExp(`^${pattern}$`, 's').test(line.trim());
}

/** The turn a customer line belongs to: one of its lines (slots filled), its fallback, or its repeated question. */
export function turnForLine(scenario, line, lang) {
  return scenario.turns.find(
    (t) =>
      t.line.some((l) => saidAs(l[lang], line)) ||
      (t.fallback && saidAs(t.fallback[lang], line)) ||
      (t.unanswered && saidAs(t.unanswered[lang], line)),
  );
}

export const names = {
  zh: { start: '开始对话', send: '发送', reply: /你的回复/, retry: '重试这一句' },
  en: { start: 'Start the conversation', send: 'Send', reply: /Your reply/, retry: 'Try this turn again' },
};

export async function switchTo(page, lang) {
  const current = await page.evaluate(() => document.documentElement.lang);
  if ((lang === 'en') !== current.startsWith('en')) {
    await page.getByRole('button', { name: lang === 'en' ? 'Switch to English' : '切换到中文' }).click();
  }
}

/** Wait until the customer has spoken (the typing indicator is gone) and return the last line. */
export async function lastCustomerLine(page) {
  await page.locator('.typing').waitFor({ state: 'detached' });
  return (await page.locator('.bubble.customer p').last().innerText()).trim();
}

/**
 * Play a scenario to its end. `choose(turn)` gives the text to type (or, in
 * beginner mode, the option to click). Returns the number of replies.
 */
export async function playToEnd(page, scenario, lang, { beginner = false, choose }) {
  let replies = 0;
  while (replies < 25) {
    const line = await lastCustomerLine(page);
    if (await page.locator('.debrief').count()) break;
    const turn = turnForLine(scenario, line, lang);
    assert.ok(turn, `${scenario.id}: no turn has the line ${JSON.stringify(line)}`);
    const text = choose(turn);
    if (beginner) {
      await page.getByRole('button', { name: text, exact: true }).click();
    } else {
      const box = page.getByRole('textbox', { name: names[lang].reply });
      await box.fill(text);
      await box.press('Enter');
    }
    replies += 1;
    await page.locator('.typing').waitFor({ state: 'detached' });
    if (await page.locator('.debrief').count()) break;
  }
  await page.locator('.debrief').waitFor();
  return replies;
}

export const option = (turn, quality, lang) => turn.options.find((o) => o.quality === quality).text[lang];
export const model = (turn, lang) => turn.model[0].text[lang];

