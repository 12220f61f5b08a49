// Start-up benchmark (issue 14): the app and a bare Leptos 0.8 counter, built
// the same way, measured side by side in one headless-Chromium run at 1× and
// 4× CPU throttling. Prints medians and ratios; it reports, it never fails on
// a slow figure (only on a page that does not start at all).
//
// Usage: node tools/bench-start.mjs <app-dist> <counter-dist> [runs]
// Figures:
//   first download   gzip -9 of every file the page itself requested until its
//                    first card was painted (the service worker's precache,
//                    which runs after the load event, is not counted)
//   main()           wasm instantiated → wasm-bindgen's init resolved (the
//                    start function, i.e. `main()`, runs in between)
//   first card       navigation start → first `.card` painted (the element is in
//                    the DOM, then one animation frame and one task later)
//   wasm memory      the wasm memory's size once the first card is painted
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const [appDist = 'dist', counterDist = 'dist-counter', runsArg = '5'] = process.argv.slice(2);
const runs = Number(runsArg);
const require = createRequire(resolve('tests/e2e/package.json'));
const { chromium } = require('playwright-core');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.webmanifest': 'application/manifest+json',
};

// One plain static server per build (no fallback), each at its own origin.
const roots = { app: resolve(appDist), counter: resolve(counterDist) };
const fileOf = (which, url) => {
  const path = decodeURIComponent(new URL(url, 'http://x').pathname);
  return join(roots[which], ...path.split('/'));
};
const servers = {};
const origins = {};
for (const which of Object.keys(roots)) {
  const base = roots[which];
  servers[which] = createServer(async (req, res) => {
    let file = fileOf(which, req.url);
    try {
      if (!file.startsWith(base)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404); res.end();
    }
  });
  await new Promise((ok) => servers[which].listen(0, '127.0.0.1', ok));
  origins[which] = `http://127.0.0.1:${servers[which].address().port}`;
}

const gzSize = new Map();
async function gzipped(which, url) {
  let file = fileOf(which, url);
  if (!gzSize.has(file)) {
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      gzSize.set(file, gzipSync(await readFile(file), { level: 9 }).length);
    } catch { gzSize.set(file, 0); }
  }
  return gzSize.get(file);
}

// Runs in the page before anything else: times wasm instantiation, init and the first card.
const probe = () => {
  const wrap = (name) => {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then((result) => {
        window.__bench ??= {};
        window.__bench.wasmReady = performance.now();
        window.__bench.memory = result.instance?.exports?.memory ?? result.exports?.memory;
        return result;
      });
    };
  };
  wrap('instantiateStreaming');
  wrap('instantiate');
  addEventListener('TrunkApplicationStarted', () => { window.__bench.mainDone = performance.now(); });
  const seen = () => {
    if (!document.querySelector('.card')) return false;
    requestAnimationFrame(() => setTimeout(() => {
      window.__bench.firstCard = performance.now();
      window.__bench.memoryBytes = window.__bench.memory?.buffer.byteLength ?? 0;
    }, 0));
    return true;
  };
  const observer = new MutationObserver(() => { if (seen()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true });
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

async function measure(which, rate) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  await context.addInitScript(probe);
  const page = await context.newPage();
  const requested = new Set();
  const origin = origins[which];
  page.on('request', (r) => { if (r.url().startsWith(origin)) requested.add(r.url()); });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.__bench?.firstCard, null, { timeout: 60_000 });
  const b = await page.evaluate(() => ({ ...window.__bench, memory: undefined }));
  let download = 0;
  for (const url of requested) download += await gzipped(which, url);
  await context.close();
  return { download, main: b.mainDone - b.wasmReady, card: b.firstCard, memory: b.memoryBytes };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const results = {};
for (const rate of [1, 4]) {
  for (let i = 0; i < runs; i++) {
    // Interleaved, so a burst of load on the machine hits both alike.
    for (const which of ['app', 'counter']) {
      const r = await measure(which, rate);
      ((results[which] ??= {})[rate] ??= []).push(r);
    }
  }
}
await browser.close();
for (const server of Object.values(servers)) server.close();

const fig = (which, rate, key) => median(results[which][rate].map((r) => r[key]));
const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
const ms = (x) => `${x.toFixed(0)} ms`;
const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;
const ratio = (a, b) => `${(a / b).toFixed(1)}×`;
const rows = [
  ['first download (gzip -9)', (w) => kb(fig(w, 1, 'download')), fig('app', 1, 'download') / fig('counter', 1, 'download')],
  ['wasm ready → main() done, 1× / 4×', (w) => `${ms(fig(w, 1, 'main'))} / ${ms(fig(w, 4, 'main'))}`,
    [fig('app', 1, 'main') / fig('counter', 1, 'main'), fig('app', 4, 'main') / fig('counter', 4, 'main')]],
  ['navigation → first card painted, 1× / 4×', (w) => `${ms(fig(w, 1, 'card'))} / ${ms(fig(w, 4, 'card'))}`,
    [fig('app', 1, 'card') / fig('counter', 1, 'card'), fig('app', 4, 'card') / fig('counter', 4, 'card')]],
  ['wasm memory after start', (w) => mib(fig(w, 1, 'memory')), fig('app', 1, 'memory') / fig('counter', 1, 'memory')],
];
console.log(`start-up benchmark: medians of ${runs} runs each, headless Chromium, CPU throttling 1× and 4×`);
console.log('| | Service Dojo | bare counter | ratio |');
console.log('|---|---|---|---|');
for (const [label, value, r] of rows) {
  const shown = Array.isArray(r) ? r.map((x) => `${x.toFixed(1)}×`).join(' / ') : `${r.toFixed(1)}×`;
  console.log(`| ${label} | ${value('app')} | ${value('counter')} | ${shown} |`);
}
