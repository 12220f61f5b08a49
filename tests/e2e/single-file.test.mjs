// The one-file edition, opened straight from disk (file://): no server, no
// network, a scenario played to its end, and progress kept across a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, assertHealthy, screenshot, scenarios, names, playToEnd, option, root } from './harness.mjs';

const file = join(root, 'dist-single', 'service-dojo.html');
let browser, scenario;
before(async () => {
  assert.ok(existsSync(file), `no ${file}: run node tools/single-file.mjs first`);
  browser = await launch();
  const library = await scenarios();
  scenario = Object.values(library).find((s) => s.archetype === 'bargainer');
});
after(async () => { await browser?.close(); });

test('the single HTML file runs from file:// and plays a scenario to its end', async () => {
  const context = await browser.newContext();
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const url = pathToFileURL(file).href;
  const page = await open(browser, url, { context });
  assert.ok((await page.locator('.cards .card').count()) > 0, 'the catalogue is shown');
  await page.getByRole('link', { name: scenario.title.zh }).first().click();
  assert.match(page.url(), /#\/play\//, 'screens travel in the fragment');
  await page.getByLabel('新手模式：从几个回复中选择').check();
  await page.getByRole('button', { name: names.zh.start }).click();
  await playToEnd(page, scenario, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  assert.match(await page.locator('.ending').innerText(), /问题解决/);
  await screenshot(page, 'single-file-debrief');
  await page.goBack();
  await page.goto(url);
  await page.getByRole('link', { name: '我的进度' }).click();
  assert.equal(await page.locator('[data-total="sessions"]').innerText(), '1', 'progress kept in localStorage for file://');
  await assertHealthy(page);
  console.log(`single file: ${(statSync(file).size / 1024).toFixed(0)} KB`);
  await context.close();
});
