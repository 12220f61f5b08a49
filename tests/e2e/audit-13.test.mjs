// Gaps found auditing issue 13 against the tests: the reply timer at zero
// (something visible happens, and the reply counts as late), and the share
// link made in the single-file edition (a file path on the trainer's disk:
// the trainer is told it only works there).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, launch, open, assertHealthy, screenshot, audit, scenarios, names, lastCustomerLine, root } from './harness.mjs';

let server, url, browser, library;
before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  library = await scenarios();
});
after(async () => { await browser?.close(); server?.close(); });

test('the reply timer at zero: a visible "time is up", and the reply is scored as late', async () => {
  const scenario = Object.values(library).find((s) => s.reply_seconds && s.channel === 'chat') ?? Object.values(library).find((s) => s.reply_seconds);
  assert.ok(scenario, 'some built-in scenario sets a reply timer');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.clock.install();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(`console: ${msg.text()}`); });
  await page.goto(`${url}/play/${scenario.id}`);
  await page.getByRole('button', { name: names.zh.start }).click();
  await lastCustomerLine(page);
  await page.locator('.timer[role="timer"]').waitFor();
  await page.clock.fastForward((scenario.reply_seconds + 2) * 1000);
  const up = page.locator('.timer.urgent[role="status"]');
  await up.waitFor();
  assert.match(await up.innerText(), /时间到/);
  await screenshot(page, 'audit13-timer-zero');
  await audit(page, 'timer at zero');
  const box = page.getByRole('textbox', { name: names.zh.reply });
  await box.fill('您好，请问有什么可以帮您？');
  await box.press('Enter');
  await page.locator('.feedback').waitFor();
  assert.match(await page.locator('.feedback').innerText(), /让顾客等得太久才回复/);
  await assertHealthy(page);
  await context.close();
});

test('a pack link made in the single-file edition warns that it points at this disk', async (t) => {
  const file = join(root, 'dist-single', 'service-dojo.html');
  if (!existsSync(file)) {
    t.skip(`no ${file}: run node tools/single-file.mjs first`);
    return;
  }
  const context = await browser.newContext();
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const page = await open(browser, `${pathToFileURL(file).href}#/classroom`, { context });
  await page.getByLabel('练习包名称').fill('单文件练习包');
  const scenario = Object.values(library)[0];
  await page.getByRole('checkbox', { name: new RegExp(scenario.title.zh) }).first().check();
  const link = await page.locator('textarea.pack-link').inputValue();
  assert.ok(link.startsWith('file://'), link);
  assert.match(await page.locator('.local-link').innerText(), /本机上的文件/);
  await assertHealthy(page);
  await context.close();
});
