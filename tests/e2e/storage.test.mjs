// Storage guarantees in a real Chromium: two tabs finishing at the same
// moment lose nothing; persistent storage, the export reminder and old
// backups; findings stored by rule id; the intro keeps its choices on a
// language switch; an import keeps its name; whole sentences, not fragments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { serve, launch, open, assertHealthy, screenshot, audit, scenarios, names, lastCustomerLine, playToEnd, option, turnForLine, switchTo } from './harness.mjs';

let server, url, browser, scenario;
before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  const library = await scenarios();
  scenario = Object.values(library).sort((a, b) => a.id.localeCompare(b.id))[0];
});
after(async () => { await browser?.close(); server?.close(); });

const KEY = 'service-dojo';
const stored = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key)), KEY);
const unfinishedKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('service-dojo.unfinished.')));
const backupKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('service-dojo.backup.')).sort());

/** Click, in every page, the button with that text at the same wall-clock moment. */
async function clickTogether(pages, texts, selector) {
  const at = Date.now() + 200;
  await Promise.all(pages.map((page, i) => page.evaluate(([text, at, selector]) => new Promise((done) => {
    setTimeout(() => {
      const button = [...document.querySelectorAll(selector)].find((b) => b.textContent.trim() === text);
      button.click();
      done();
    }, Math.max(0, at - Date.now()));
  }), [texts[i], at, selector])));
}

/** Both pages play the scenario's good beginner options in lockstep: every reply, the last included, at the same moment. */
async function finishTogether(pages) {
  await Promise.all(pages.map((p) => p.goto(`${url}/play/${scenario.id}?beginner=1`)));
  // Started one after the other (the session id comes from the start time);
  // every reply after that, the last one included, at the same moment.
  for (const p of pages) await p.getByRole('button', { name: names.zh.start }).click();
  for (let step = 0; step < 25; step += 1) {
    // The customer has spoken: either the options or the debrief are up.
    await Promise.all(pages.map((p) => p.locator('.debrief, button.option').first().waitFor()));
    const lines = await Promise.all(pages.map(lastCustomerLine));
    const over = await Promise.all(pages.map((p) => p.locator('.debrief').count()));
    if (over.every(Boolean)) return;
    assert.ok(!over.some(Boolean), 'the pages stay in step');
    const texts = lines.map((line) => option(turnForLine(scenario, line, 'zh'), 'good', 'zh'));
    await clickTogether(pages, texts, 'button.option');
    await Promise.all(pages.map((p) => p.locator('.typing').waitFor({ state: 'detached' })));
  }
  assert.fail('no ending reached');
}

test('two tabs finishing at the same moment, 20 rounds: nothing lost, nothing back as unfinished', async () => {
  const context = await browser.newContext();
  const a = await open(browser, url, { context });
  const b = await open(browser, url, { context });
  const rounds = 20;
  for (let round = 1; round <= rounds; round += 1) {
    await finishTogether([a, b]);
  }
  // Let the last repairs (if any) land, then read what is stored.
  await a.waitForTimeout(1000);
  const ids = new Set();
  let count = 0;
  for (const profile of (await stored(a)).profiles) for (const s of profile.sessions) { ids.add(s.id); count += 1; }
  console.log(`two tabs: ${rounds} rounds, ${2 * rounds} sessions finished, ${ids.size} stored, ${2 * rounds - ids.size} lost`);
  assert.equal(count, ids.size, 'no session stored twice');
  assert.equal(ids.size, 2 * rounds, 'every finished session is stored');
  assert.deepEqual(await unfinishedKeys(a), [], 'no finished session is left as unfinished');
  for (const page of [a, b]) {
    await page.goto(`${url}/progress`);
    assert.equal(Number(await page.locator('[data-total="sessions"]').innerText()), 2 * rounds);
  }
  await a.goto(`${url}/play/${scenario.id}`);
  await a.getByRole('button', { name: names.zh.start }).waitFor();
  assert.equal(await a.locator('.resume').count(), 0, 'nothing offered to resume');
  await assertHealthy(a);
  await assertHealthy(b);
  await context.close();
});

test('an unfinished session lives under its own key, resumes after a reload, and is gone once finished', async () => {
  const page = await open(browser, `${url}/play/${scenario.id}?beginner=1`);
  await page.getByRole('button', { name: names.zh.start }).click();
  const line = await lastCustomerLine(page);
  await page.getByRole('button', { name: option(turnForLine(scenario, line, 'zh'), 'good', 'zh'), exact: true }).click();
  await lastCustomerLine(page);
  const keys = await unfinishedKeys(page);
  assert.equal(keys.length, 1);
  assert.ok(!JSON.stringify(await stored(page)).includes('"unfinished"'), 'the history is not rewritten by a reply');
  await page.reload();
  await page.getByRole('button', { name: '继续上次的练习' }).click();
  await playToEnd(page, scenario, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  await page.waitForTimeout(300);
  assert.deepEqual(await unfinishedKeys(page), []);
  assert.equal((await stored(page)).profiles[0].sessions.length, 1);
  await assertHealthy(page);
  await page.context().close();
});

test('findings are stored by rule id: no message in storage, the transcript and history intact; bytes per session', async () => {
  const page = await open(browser, `${url}/play/${scenario.id}?beginner=1`);
  await page.getByRole('button', { name: names.zh.start }).click();
  await playToEnd(page, scenario, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  await page.waitForTimeout(300);
  const raw = await page.evaluate((key) => localStorage.getItem(key), KEY);
  const store = JSON.parse(raw);
  assert.equal(store.version, 3);
  const findings = store.profiles[0].sessions[0].exchanges.flatMap((e) => e.assessment.findings);
  assert.ok(findings.length > 0);
  assert.ok(findings.every((f) => f.rule && !('message' in f)), 'findings keep their rule id, not their words');
  console.log(`one finished session of ${scenario.id} in storage: ${raw.length} UTF-16 units (the whole store)`);
  // Exported files carry the same short findings and import back whole.
  await page.goto(`${url}/progress`);
  assert.equal(Number(await page.locator('[data-total="sessions"]').innerText()), 1);
  await assertHealthy(page);
  await page.context().close();
});

test('durability: persistence asked for and shown, old backups listed, downloaded and removed', async () => {
  const context = await browser.newContext();
  const page = await open(browser, url, { context });
  // Two damaged loads: two backups, the first never overwritten.
  await page.evaluate((key) => localStorage.setItem(key, '{"version": 3, oops'), KEY);
  await page.reload();
  await page.getByRole('alert').waitFor();
  await page.getByRole('button', { name: '知道了' }).click();
  await page.evaluate((key) => localStorage.setItem(key, '{"version": 3, oops again'), KEY);
  await page.reload();
  await page.getByRole('alert').waitFor();
  const keys = await backupKeys(page);
  assert.equal(keys.length, 2);
  const values = await page.evaluate((keys) => keys.map((k) => localStorage.getItem(k)), keys);
  assert.deepEqual(new Set(values), new Set(['{"version": 3, oops', '{"version": 3, oops again']), 'both kept verbatim');

  await page.goto(`${url}/progress`);
  await page.locator('.persisted:not([data-persisted="unknown"])').waitFor();
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  const shown = await page.locator('.persisted').getAttribute('data-persisted');
  assert.equal(shown, persisted ? 'granted' : 'denied', 'the page says what the browser granted');
  const rows = page.locator('table.backups tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.first().innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  assert.match(await rows.first().innerText(), /\b38 B\b/, 'its size, in bytes under 1 KB');
  await audit(page, 'progress with backups');
  await screenshot(page, 'storage-backups-zh');
  const [download] = await Promise.all([page.waitForEvent('download'), rows.first().getByRole('button', { name: '下载' }).click()]);
  const file = join(tmpdir(), `backup-${Date.now()}.txt`);
  await download.saveAs(file);
  assert.equal(await readFile(file, 'utf8'), '{"version": 3, oops');
  await rows.first().getByRole('button', { name: '删除' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table.backups tbody tr').length === 1);
  assert.equal((await backupKeys(page)).length, 1);
  await switchTo(page, 'en');
  await audit(page, 'progress with backups, English');
  await screenshot(page, 'storage-backups-en');
  await assertHealthy(page);
  await context.close();
});

test('a full quota: the notice offers to remove old backups, and then the progress is saved', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === 'service-dojo' && localStorage.getItem('__full') && Object.keys(localStorage).some((k) => k.includes('.backup.'))) throw new DOMException('full', 'QuotaExceededError');
      return real.call(this, key, value);
    };
  });
  const page = await open(browser, url, { context });
  await page.evaluate(() => { localStorage.setItem('service-dojo.backup.1700000000000', 'x'.repeat(50000)); localStorage.setItem('__full', '1'); });
  await page.goto(`${url}/play/${scenario.id}?beginner=1`);
  await page.getByRole('button', { name: names.zh.start }).click();
  await playToEnd(page, scenario, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /存储空间已满/);
  const remove = alert.getByRole('button', { name: /删除 1 个旧备份（97\.7 KB）/ });
  await remove.waitFor();
  await audit(page, 'quota notice with backups');
  await screenshot(page, 'storage-quota-backups-zh');
  await remove.click();
  await page.getByRole('alert').waitFor({ state: 'detached' });
  assert.deepEqual(await backupKeys(page), []);
  assert.equal((await stored(page)).profiles[0].sessions.length, 1, 'saved once the space was freed');
  await context.close();
});

test('the export reminder: shown for progress older than a week that was never exported, gone after exporting', async () => {
  const context = await browser.newContext();
  const page = await open(browser, `${url}/play/${scenario.id}?beginner=1`, { context });
  await page.getByRole('button', { name: names.zh.start }).click();
  await playToEnd(page, scenario, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  await page.waitForTimeout(300);
  await page.goto(url);
  assert.equal(await page.locator('.reminder').count(), 0, 'no reminder for fresh progress');
  // The session was finished eight days ago.
  await page.evaluate((key) => {
    const store = JSON.parse(localStorage.getItem(key));
    const s = store.profiles[0].sessions[0];
    s.finished_ms -= 8 * 86400000; s.started_ms -= 8 * 86400000;
    localStorage.setItem(key, JSON.stringify(store));
  }, KEY);
  await page.reload();
  const reminder = page.locator('.reminder');
  await reminder.waitFor();
  assert.match(await reminder.innerText(), /一周前/);
  await audit(page, 'export reminder');
  await screenshot(page, 'storage-reminder-zh');
  const [download] = await Promise.all([page.waitForEvent('download'), reminder.getByRole('button', { name: '立即导出' }).click()]);
  assert.match(download.suggestedFilename(), /^service-dojo-.*\.json$/);
  await reminder.waitFor({ state: 'detached' });
  await page.waitForTimeout(300);
  assert.ok((await stored(page)).profiles[0].exported_ms > 0, 'the export time is remembered');
  await page.reload();
  await page.locator('header.site-header').waitFor();
  assert.equal(await page.locator('.reminder').count(), 0, 'not shown again after a reload');
  await page.goto(`${url}/progress`);
  assert.match(await page.locator('.exported').innerText(), /上次导出：\d{4}-/);
  await assertHealthy(page);
  await context.close();
});

test('switching the language on the intro keeps the chosen mode and beginner toggle', async () => {
  const page = await open(browser, `${url}/play/${scenario.id}`);
  await page.getByRole('radio', { name: /测评/ }).check();
  await page.getByRole('checkbox', { name: /新手模式/ }).check();
  await switchTo(page, 'en');
  await page.getByRole('button', { name: names.en.start }).waitFor();
  assert.ok(await page.getByRole('radio', { name: /Assessment/ }).isChecked(), 'assessment still chosen');
  assert.ok(await page.getByRole('checkbox', { name: /Beginner mode/ }).isChecked(), 'beginner still on');
  await audit(page, 'intro after a language switch');
  await screenshot(page, 'storage-intro-en');
  await switchTo(page, 'zh');
  assert.ok(await page.getByRole('radio', { name: /测评/ }).isChecked());
  await page.getByRole('button', { name: names.zh.start }).click();
  assert.match(await page.locator('.play-mode').innerText(), /测评模式 · 新手/);
  await assertHealthy(page);
  await page.context().close();
});

test('an exported profile imports with its name; the English delete confirmation is one sentence', async () => {
  const page = await open(browser, `${url}/play/${scenario.id}?beginner=1`);
  await page.getByRole('button', { name: names.zh.start }).click();
  await playToEnd(page, scenario, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  await page.goto(`${url}/progress`);
  await page.getByLabel('改名为').fill('李明');
  await page.getByRole('button', { name: '改名' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出为文件' }).click()]);
  const file = join(tmpdir(), `profile-${Date.now()}.json`);
  await download.saveAs(file);
  await page.context().close();

  const fresh = await open(browser, `${url}/progress`);
  await fresh.locator('input[type="file"]').setInputFiles(file);
  await fresh.locator('.import-result').filter({ hasText: '导入完成' }).waitFor();
  assert.match(await fresh.locator('.import-result').innerText(), /“李明”新增 1 条/);
  assert.match(await fresh.getByLabel('当前练习者').locator('option:checked').innerText(), /李明/);
  assert.equal(Number(await fresh.locator('[data-total="sessions"]').innerText()), 1);
  // A second trainee, then the confirmation in English.
  await fresh.getByLabel('新练习者的名字').fill('Wang Fang');
  await fresh.getByRole('button', { name: '添加' }).click();
  await switchTo(fresh, 'en');
  await fresh.getByRole('button', { name: 'Delete this trainee…' }).click();
  const dialog = fresh.getByRole('alertdialog');
  assert.equal((await dialog.locator('p').innerText()).trim(), 'Delete “Wang Fang” and all their sessions? This cannot be undone.');
  await audit(fresh, 'delete confirmation, English');
  await screenshot(fresh, 'storage-delete-en');
  await switchTo(fresh, 'zh');
  assert.equal((await dialog.locator('p').innerText()).trim(), '确定删除“Wang Fang”及其全部练习记录吗？此操作无法撤销。');
  // An unreadable file: a message in the UI language, no English parser text in Chinese.
  const bad = join(tmpdir(), `bad-${Date.now()}.json`);
  await writeFile(bad, '{"format": "service-dojo-profile", "version": 3, "profile": 5}');
  await fresh.locator('input[type="file"]').setInputFiles(bad);
  await fresh.locator('.import-result').filter({ hasText: '无法读取' }).waitFor();
  assert.doesNotMatch(await fresh.locator('.import-result').innerText(), /invalid|expected/);
  await assertHealthy(fresh);
  await fresh.context().close();
});
