// Rush hour (issue 16): three customers at once in tabs with unread badges;
// two are served to their endings, the third is forgotten and leaves; the
// debrief shows the timeline of all three. Playwright's fake clock moves time
// on, so the test does not wait out the real minutes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, assertHealthy, screenshot, audit, scenarios, turnForLine, model } from './harness.mjs';

let server, url, browser, library;
before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  library = await scenarios();
});
after(async () => { await browser?.close(); server?.close(); });

const ids = ['angry-late-cake', 'bargain-free-shipping', 'chatter-retiree'];

/** Serve the open tab with model replies until its conversation ends. */
async function serveToEnd(page, scenario) {
  for (let i = 0; i < 12; i++) {
    if (!(await page.locator('#rush-reply').count())) return;
    const line = (await page.locator('.rush-panel .bubble.customer p').last().innerText()).trim();
    const turn = turnForLine(scenario, line, 'zh');
    assert.ok(turn, `${scenario.id}: no turn has the line ${JSON.stringify(line)}`);
    await page.locator('#rush-reply').fill(model(turn, 'zh'));
    await page.locator('#rush-reply').press('Enter');
  }
  assert.equal(await page.locator('#rush-reply').count(), 0, `${scenario.id} did not end`);
}

test('rush hour: two customers served, the forgotten one leaves, and the timeline shows it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.clock.install();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(`console: ${msg.text()}`); });
  await page.goto(`${url}/rush?s=${ids.join(',')}`);
  await page.getByRole('button', { name: '开始接待' }).click();
  await page.getByRole('tablist').waitFor();
  assert.equal(await page.getByRole('tab').count(), 1, 'one customer at first');
  await audit(page, 'rush hour');
  await serveToEnd(page, library[ids[0]]);

  // The second customer arrives while we were busy: a tab with an unread badge.
  await page.clock.fastForward(25_000);
  const second = page.getByRole('tab').nth(1);
  await second.waitFor();
  assert.equal(await second.locator('.badge').count(), 1, 'unread badge');
  await screenshot(page, 'rush-unread');
  await second.click();
  assert.equal(await second.locator('.badge').count(), 0, 'read once opened');
  await serveToEnd(page, library[ids[1]]);

  // The third arrives and is never answered: after long enough, they leave.
  await page.clock.fastForward(20_000);
  assert.equal(await page.getByRole('tab').count(), 3);
  await page.clock.fastForward(150_000);
  await page.locator('.rush-debrief').waitFor();
  const outcomes = await page.locator('.rush-outcomes').innerText();
  assert.match(outcomes, /等太久，离开了/);
  const timeline = await page.locator('.rush-timeline').innerText();
  for (const scenario of ids.map((id) => library[id])) assert.ok(timeline.includes(scenario.persona.name.zh), `timeline names ${scenario.persona.name.zh}`);
  assert.match(timeline, /没人回复，离开了/);
  assert.match(timeline, /来了/);
  await screenshot(page, 'rush-debrief');
  await audit(page, 'rush debrief');
  assert.deepEqual(page.errors, []);
  await context.close();
});
