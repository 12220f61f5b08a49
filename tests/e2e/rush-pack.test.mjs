// Rush hour inside an exercise pack (issue 16 item 3): the trainer adds a
// rush-hour round of three customers in the pack builder; the trainee plays
// the pack's scenario, then the rush (two customers served, one forgotten
// until they leave); the results file carries every customer as a session
// plus who left and how long each waited; the dashboard shows it. The rush
// page's finished customers reach the trainee's progress. Playwright's fake
// clock moves time on, as in rush.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open, assertHealthy, screenshot, audit, scenarios, turnForLine, model, playToEnd, option } from './harness.mjs';

let server, url, browser, library, ordinary, dir;
before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  library = await scenarios();
  ordinary = Object.values(library).filter((s) => s.archetype === 'bargainer').sort((a, b) => a.difficulty - b.difficulty)[0];
  dir = await mkdtemp(join(tmpdir(), 'dojo-rush-pack-'));
});
after(async () => { await browser?.close(); server?.close(); });

const ids = ['angry-late-cake', 'bargain-free-shipping', 'chatter-keyboard-gamer'];

/** Serve the open rush tab with model replies until its conversation ends. */
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

test('a pack with a rush-hour round: built, played, in the results file and on the dashboard', async () => {
  // The trainer: one scenario, then a rush of three customers.
  const trainer = await open(browser, `${url}/classroom`);
  await trainer.getByLabel('练习包名称').fill('第三周：高峰时段');
  await trainer.getByRole('checkbox', { name: new RegExp(ordinary.title.zh) }).first().check();
  await trainer.getByLabel('新手选项').check();
  // Folded away until the trainer asks for it.
  assert.equal(await trainer.locator('.rush-round input').first().isVisible(), false);
  await trainer.getByText('高峰时段（可选）：几位顾客同时来').click();
  const pick = (id) => trainer.locator(`.rush-round input[data-id="${id}"]`);
  await pick(ids[0]).check();
  // One customer is not a rush: no link yet, and the page says why.
  assert.match(await trainer.locator('.rush-round').innerText(), /至少需要两位顾客/);
  assert.equal(await trainer.locator('textarea.pack-link').count(), 0);
  await pick(ids[1]).check();
  await pick(ids[2]).check();
  // A fourth cannot be added.
  const others = trainer.locator('.rush-round input.rush-pick:not(:checked)');
  assert.ok(await others.count() > 0);
  assert.ok(await others.first().isDisabled(), 'a fourth customer cannot be ticked');
  assert.match(await trainer.locator('.rush-round').innerText(), /#3/);
  const link = await trainer.locator('textarea.pack-link').inputValue();
  await audit(trainer, 'pack builder with a rush round');
  await screenshot(trainer, 'rush-pack-builder');
  await assertHealthy(trainer);
  await trainer.context().close();

  // The trainee, on a fake clock.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.clock.install();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(`console: ${msg.text()}`); });
  await page.goto(link);
  await page.getByLabel('你的名字').fill('赵六');
  assert.match(await page.locator('.pack-list').innerText(), /高峰时段/);
  await page.getByRole('button', { name: '开始练习包' }).click();
  await page.getByRole('button', { name: '开始这个场景' }).click();
  await playToEnd(page, ordinary, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  await page.getByRole('button', { name: '下一个场景' }).click();

  // The rush round.
  await page.locator('.pack-rush').waitFor();
  await audit(page, 'pack rush intro');
  await page.getByRole('button', { name: '开始接待' }).click();
  await page.getByRole('tablist').waitFor();
  await serveToEnd(page, library[ids[0]]);
  await page.clock.fastForward(25_000);
  const second = page.getByRole('tab').nth(1);
  await second.waitFor();
  await second.click();
  await serveToEnd(page, library[ids[1]]);
  await page.clock.fastForward(20_000);
  assert.equal(await page.getByRole('tab').count(), 3);
  await page.clock.fastForward(150_000);
  await page.locator('.rush-debrief').waitFor();
  assert.match(await page.locator('.rush-outcomes').innerText(), /等太久，离开了/);
  assert.equal(await page.getByRole('link', { name: '再来一轮' }).count(), 0, 'in a pack the rush goes on to the results');
  await page.getByRole('button', { name: '继续' }).click();

  // The results: four sessions (the scenario and three customers), who left, the waits.
  await page.locator('.results-handout').waitFor();
  await audit(page, 'pack results with a rush round');
  await screenshot(page, 'rush-pack-results');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载结果文件' }).click()]);
  const file = join(dir, 'zhaoliu.json');
  await download.saveAs(file);
  const results = JSON.parse(await readFile(file, 'utf8'));
  assert.deepEqual(results.sessions.map((s) => s.scenario), [ordinary.id, ...ids]);
  assert.deepEqual(results.pack.rush.scenarios, ids);
  assert.equal(results.pack.version, 2);
  assert.deepEqual(results.rush.desks.map((d) => d.left), [false, false, true]);
  assert.equal(results.sessions[3].ending, 'rush-left');
  assert.equal(results.sessions[3].ending_kind, 'left');
  assert.ok(results.sessions[1].exchanges.length > 0 && results.sessions[2].exchanges.length > 0);
  assert.ok(results.rush.desks[2].waited_ms >= 100_000, `the forgotten one waited: ${results.rush.desks[2].waited_ms}`);
  assert.ok(results.rush.desks[1].longest_wait_ms > 0, 'the second customer waited while the first was served');
  for (const d of results.rush.desks) assert.ok(d.longest_wait_ms <= d.waited_ms, JSON.stringify(d));
  console.log(`# rush desks: ${JSON.stringify(results.rush.desks)}`);
  assert.ok(results.rush.events.some((e) => e.kind === 'left' && e.desk === 2));

  // The rush's finished customers are in the trainee's own progress too (saved as the core decides).
  const store = await page.evaluate(() => JSON.parse(localStorage.getItem('service-dojo')));
  const played = store.profiles.flatMap((p) => p.sessions.map((s) => s.scenario));
  for (const id of [ordinary.id, ids[0], ids[1]]) assert.ok(played.includes(id), `${id} in progress: ${played}`);
  assert.ok(!played.includes(ids[2]) || played.filter((id) => id === ids[2]).length === 0, 'the one who left was not finished');
  const unfinished = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('service-dojo.unfinished.')));
  assert.deepEqual(unfinished, [], 'a rush is never left behind as unfinished');
  assert.deepEqual(page.errors, []);
  await context.close();

  // The trainer's dashboard.
  const dash = await open(browser, `${url}/classroom/dashboard`);
  await dash.locator('.class-picker').waitFor();
  await dash.getByLabel('导入结果文件（可多选）').setInputFiles([file]);
  await dash.locator('.class-table tbody tr').first().waitFor();
  assert.equal(await dash.locator('.rejected li').count(), 0, await dash.locator('.rejected').allInnerTexts().then((t) => t.join('\n')));
  const table = dash.locator('.rush-class-table');
  await table.waitFor();
  const text = await table.innerText();
  assert.match(text, /赵六/);
  assert.match(text, /✖ 离开了/);
  assert.match(text, /共等 \d+:\d\d（最长 \d+:\d\d）/);
  for (const id of ids) assert.ok(text.includes(library[id].title.zh), `column for ${id}`);
  assert.equal(await dash.locator('.rush-class-table td.fail').count(), 1, 'one customer left');
  await audit(dash, 'dashboard with a rush round');
  await screenshot(dash, 'rush-pack-dashboard');
  await assertHealthy(dash);
  await dash.context().close();
});
