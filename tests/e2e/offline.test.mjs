// Offline anywhere: after one visit the installable app starts and plays a
// scenario to its end with the network off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, assertHealthy, screenshot, scenarios, names, playToEnd, option } from './harness.mjs';

let server, url, browser, scenario;
before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  const library = await scenarios();
  scenario = Object.values(library).find((s) => s.archetype === 'angry');
});
after(async () => { await browser?.close(); server?.close(); });

test('the manifest names the app in Chinese and English and has installable icons', async () => {
  const page = await open(browser, url);
  const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
  assert.match(manifest.name, /客服陪练场/);
  assert.match(manifest.translations.en.name, /Service Dojo/);
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i) => i.sizes === size);
    assert.ok(icon, `an icon of ${size}`);
    const status = await page.evaluate(async (src) => (await fetch(src)).status, icon.src);
    assert.equal(status, 200);
  }
  await page.context().close();
});

test('after one visit, the app starts and plays a scenario to its end offline', async () => {
  const context = await browser.newContext();
  const page = await open(browser, url, { context });
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const caches = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('service-dojo-')));
  assert.equal(caches.length, 1, 'one versioned cache');

  await context.setOffline(true);
  await page.reload();
  await page.locator('.cards .card').first().waitFor();
  // A deep link works offline too: every navigation gets the cached page.
  await page.goto(`${url}/play/${scenario.id}?beginner=1`);
  await page.getByRole('button', { name: names.zh.start }).click();
  await playToEnd(page, scenario, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  assert.match(await page.locator('.ending').innerText(), /问题解决/);
  await screenshot(page, 'offline-debrief-zh');
  await assertHealthy(page);
  await context.close();
});
