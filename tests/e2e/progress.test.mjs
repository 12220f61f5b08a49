// Progress that lasts: reloads, resuming, corrupt data, two tabs, a full
// quota and disabled storage — each in a real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, assertHealthy, screenshot, audit, scenarios, names, lastCustomerLine, playToEnd, option } from './harness.mjs';

let server, url, browser, scenario;
before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  const library = await scenarios();
  scenario = Object.values(library).sort((a, b) => a.id.localeCompare(b.id))[0];
});
after(async () => { await browser?.close(); server?.close(); });

/** Play the scenario to its end by picking the good beginner options. */
async function finishOne(page) {
  await page.goto(`${url}/play/${scenario.id}?beginner=1`);
  await page.getByRole('button', { name: names.zh.start }).click();
  await playToEnd(page, scenario, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
}

async function sessionsShown(page) {
  return Number(await page.locator('[data-total="sessions"]').innerText());
}

test('a finished session is kept across a reload and shown on the progress page', async () => {
  const page = await open(browser, url);
  await finishOne(page);
  await page.goto(`${url}/progress`);
  assert.equal(await sessionsShown(page), 1);
  await page.reload();
  assert.equal(await sessionsShown(page), 1);
  assert.equal(await page.locator('svg.trend-chart[role="img"]').count(), 1, 'trend chart drawn');
  await page.goto(url);
  assert.match(await page.locator(`.card[data-archetype="${scenario.archetype}"] .card-best`).first().innerText(), /最佳|Best|未练习/);
  await page.goto(`${url}/progress`);
  await audit(page, 'progress');
  await screenshot(page, 'progress-zh');
  await assertHealthy(page);
  await page.context().close();
});

test('profiles: create, switch, rename and delete with confirmation; data stays separate', async () => {
  const page = await open(browser, url);
  await finishOne(page);
  await page.goto(`${url}/progress`);
  await page.getByLabel('新练习者的名字').fill('小王');
  await page.getByRole('button', { name: '添加' }).click();
  assert.equal(await page.getByLabel('当前练习者').inputValue() !== 'default', true);
  assert.equal(await page.locator('[data-total="sessions"]').count(), 0, 'the new trainee starts empty');
  await page.getByLabel('改名为').fill('王小明');
  await page.getByRole('button', { name: '改名' }).click();
  assert.match(await page.getByLabel('当前练习者').locator('option:checked').innerText(), /王小明/);
  await page.getByRole('button', { name: '删除这个练习者…' }).click();
  await page.getByRole('alertdialog').waitFor();
  await page.getByRole('button', { name: '删除', exact: true }).click();
  assert.equal(await sessionsShown(page), 1, 'back to the first trainee and their session');
  await assertHealthy(page);
  await page.context().close();
});

test('a half-finished session resumes after a reload', async () => {
  const page = await open(browser, `${url}/play/${scenario.id}`);
  await page.getByRole('button', { name: names.zh.start }).click();
  await lastCustomerLine(page);
  const box = page.getByRole('textbox', { name: names.zh.reply });
  await box.fill('您好，非常抱歉给您带来不便，我马上帮您查一下。');
  await box.press('Enter');
  await lastCustomerLine(page);
  await page.reload();
  await page.getByRole('button', { name: '继续上次的练习' }).click();
  await lastCustomerLine(page);
  assert.equal(await page.locator('.bubble.trainee').count(), 1, 'the earlier reply is back');
  await assertHealthy(page);
  await page.context().close();
});

test('corrupt data under the app key: recovery message, backup kept, app works', async () => {
  const page = await open(browser, url);
  const broken = '{"version": 2, "active": "default", "profiles": [{"id": "default", "name": "x", "sessions": [{"id": 5}]}], oops';
  await page.evaluate((raw) => localStorage.setItem('service-dojo', raw), broken);
  page.errors.length = 0;
  await page.reload();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /已备份到/);
  const backups = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('service-dojo.backup.')).map((k) => localStorage.getItem(k)));
  assert.deepEqual(backups, [broken], 'the unreadable data is kept verbatim');
  await screenshot(page, 'recovery-zh');
  await finishOne(page);
  const stored = await page.evaluate(() => localStorage.getItem('service-dojo'));
  assert.doesNotThrow(() => JSON.parse(stored), 'new progress is written as valid JSON');
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('service-dojo.backup.')).length), 1);
  await assertHealthy(page);
  await page.context().close();
});

test('two tabs: a session finished in one appears in the other, and both writes survive', async () => {
  const context = await browser.newContext();
  const tabA = await open(browser, url, { context });
  const tabB = await open(browser, `${url}/progress`, { context });
  await finishOne(tabA);
  await tabB.locator('[data-total="sessions"]').waitFor();
  assert.equal(await sessionsShown(tabB), 1, 'tab B sees tab A\'s session without a reload');
  await finishOne(tabB);
  await tabA.goto(`${url}/progress`);
  assert.equal(await sessionsShown(tabA), 2, 'neither write lost the other');
  await assertHealthy(tabA);
  await context.close();
});

test('a full quota is survived: the user is told and offered export and pruning', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === 'service-dojo' && window.__quotaFull) throw new DOMException('full', 'QuotaExceededError');
      return real.call(this, key, value);
    };
  });
  const page = await open(browser, url, { context });
  await page.evaluate(() => { window.__quotaFull = true; });
  await page.goto(`${url}/play/${scenario.id}?beginner=1`);
  await page.evaluate(() => { window.__quotaFull = true; });
  await page.getByRole('button', { name: names.zh.start }).click();
  await playToEnd(page, scenario, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  const alert = page.getByRole('alert');
  assert.match(await alert.innerText(), /存储空间已满/);
  await alert.getByRole('button', { name: '导出备份' }).waitFor();
  await alert.getByRole('button', { name: '精简旧对话记录' }).waitFor();
  assert.ok(await page.locator('.debrief').isVisible(), 'the app keeps working');
  await screenshot(page, 'quota-full-zh');
  await page.evaluate(() => { window.__quotaFull = false; });
  await alert.getByRole('button', { name: '精简旧对话记录' }).click();
  await page.getByRole('alert').waitFor({ state: 'detached' });
  assert.ok(await page.evaluate(() => localStorage.getItem('service-dojo') !== null), 'saved once space is back');
  await context.close();
});

test('storage disabled: the app runs in memory, says so, and a scenario can be played', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  const page = await open(browser, url, { context });
  const alert = page.getByRole('alert');
  assert.match(await alert.innerText(), /不允许保存/);
  await finishOne(page);
  assert.match(await page.locator('.ending').innerText(), /问题解决/);
  await page.getByRole('link', { name: '我的进度' }).click();
  assert.equal(await sessionsShown(page), 1, 'kept in memory for this visit');
  await assertHealthy(page);
  await context.close();
});
