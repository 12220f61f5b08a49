// Classroom mode: a trainer builds a pack, trainees play it from the link and
// hand back results, the dashboard imports them (with a corrupt, a duplicate
// and a foreign file), exports CSV; projector and pair modes end to end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open, assertHealthy, screenshot, audit, scenarios, names, lastCustomerLine, playToEnd, option, model, turnForLine } from './harness.mjs';

let server, url, browser, scenario, dir;
before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  const library = await scenarios();
  scenario = Object.values(library).filter((s) => s.archetype === 'bargainer').sort((a, b) => a.difficulty - b.difficulty)[0];
  dir = await mkdtemp(join(tmpdir(), 'dojo-class-'));
});
after(async () => { await browser?.close(); server?.close(); });

async function makePack(name) {
  const page = await open(browser, `${url}/classroom`);
  await page.getByLabel('练习包名称').fill(name);
  await page.getByRole('checkbox', { name: new RegExp(scenario.title.zh) }).check();
  await page.getByLabel('新手选项').check();
  await page.getByRole('spinbutton', { name: '诚信' }).fill('70');
  const link = await page.locator('textarea.pack-link').inputValue();
  await audit(page, 'classroom');
  await screenshot(page, 'classroom-zh');
  await page.context().close();
  return link;
}

async function playPack(link, trainee, quality) {
  const page = await open(browser, link);
  await page.getByLabel('你的名字').fill(trainee);
  await page.getByRole('button', { name: '开始练习包' }).click();
  // The scenario's brief comes first, as on its own intro screen.
  assert.ok((await page.locator('.pack-brief').innerText()).includes(scenario.brief.zh.slice(0, 12)));
  await page.getByRole('button', { name: '开始这个场景' }).click();
  await playToEnd(page, scenario, 'zh', { beginner: true, choose: (turn) => option(turn, quality, 'zh') });
  await page.getByRole('button', { name: '完成并生成结果' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载结果文件' }).click()]);
  const file = join(dir, `${trainee}.json`);
  await download.saveAs(file);
  const code = await page.locator('textarea.results-code').inputValue();
  assert.match(code, /^DOJO2:/);
  await screenshot(page, `pack-results-${quality}`);
  await assertHealthy(page);
  await page.context().close();
  return { file, code };
}

test('a pack goes from trainer to trainees and back into the dashboard', async () => {
  const link = await makePack('第一周：砍价');
  assert.match(link, /#\/pack\?p=/, 'the pack travels in the fragment');
  const good = await playPack(link, '张三', 'good');
  const bad = await playPack(link, '李四', 'bad');
  const otherLink = await makePack('另一个班');
  const foreign = await playPack(otherLink, '王五', 'good');

  const corrupt = join(dir, 'edited.json');
  await writeFile(corrupt, (await readFile(good.file, 'utf8')).replace('张三', '张叁'));
  const duplicate = join(dir, 'copy-of-zhangsan.json');
  await writeFile(duplicate, await readFile(good.file));

  const page = await open(browser, `${url}/classroom/dashboard`);
  await page.getByLabel('导入结果文件（可多选）').setInputFiles([good.file, corrupt, duplicate, foreign.file]);
  await page.locator('.class-table').waitFor();
  await page.getByLabel('或粘贴结果码').fill(bad.code);
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await page.locator('.class-table tbody tr').nth(1).waitFor();
  assert.equal(await page.locator('.class-table tbody tr').count(), 2);
  const messages = await page.locator('.rejected li').allInnerTexts();
  assert.equal(messages.length, 3, messages.join('\n'));
  assert.ok(messages.some((m) => m.includes('edited.json') && m.includes('校验和不符')));
  assert.ok(messages.some((m) => m.includes('copy-of-zhangsan.json') && m.includes('重复')));
  assert.ok(messages.some((m) => m.includes('王五') && m.includes('另一个练习包')));
  assert.match(await page.locator('.class-table').innerText(), /未通过/);
  assert.ok(await page.locator('.spreads svg[role="img"]').count() === 4);
  assert.ok(await page.locator('.frequent-list li').count() >= 1);
  await page.locator('.frequent summary').first().click();
  assert.ok(await page.locator('.frequent details[open] li').count() >= 1, 'drills down to the replies');
  await audit(page, 'dashboard');
  await screenshot(page, 'dashboard-zh');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV(Excel)' }).click()]);
  const csvFile = join(dir, 'class.csv');
  await download.saveAs(csvFile);
  const csv = await readFile(csvFile, 'utf8');
  assert.equal(csv.charCodeAt(0), 0xfeff, 'byte-order mark for Excel');
  const rows = csv.slice(1).trim().split('\r\n').map((line) => line.split(','));
  assert.equal(rows.length, 3);
  assert.match(rows[0][1], /同理心/);
  assert.deepEqual(rows.slice(1).map((r) => r[0]).sort(), ['张三', '李四']);
  const zhang = rows.find((r) => r[0] === '张三');
  const li = rows.find((r) => r[0] === '李四');
  assert.ok(Number(zhang[1]) > Number(li[1]), 'the good trainee out-scores the bad one on empathy');
  await assertHealthy(page);
  await page.context().close();
});

async function playRoom(page, { pair }) {
  for (let step = 0; step < 25; step++) {
    if (await page.locator('.room-ending').count()) break;
    if (!pair) await page.getByRole('button', { name: '显示顾客的话' }).click();
    const line = (await page.locator('.room-line').innerText()).trim();
    const turn = turnForLine(scenario, line, 'zh');
    assert.ok(turn, `no turn for ${line}`);
    await page.locator('#room-reply').fill(model(turn, 'zh'));
    await page.getByRole('button', { name: '显示评分' }).click();
    await page.locator('.room-scores .score-row').first().waitFor();
    assert.ok(await page.locator('.room-scores .model-reply blockquote').count() === 1);
    if (step === 0) await screenshot(page, pair ? 'pair-scored' : 'projector-scored');
    await page.locator('.room-scores button.big').click();
  }
  await page.locator('.room-ending').waitFor();
}

test('projector mode: reveal, agree a reply, reveal its scores, to the ending', async () => {
  const page = await open(browser, `${url}/classroom/projector/${scenario.id}`, { viewport: { width: 1920, height: 1080 } });
  await audit(page, 'projector');
  await playRoom(page, { pair: false });
  await assertHealthy(page);
  await page.context().close();
});

test('pair practice: one reads the customer with cues, the other is scored; roles swap', async () => {
  const page = await open(browser, `${url}/classroom/pair/${scenario.id}`);
  await page.getByLabel('扮演顾客').fill('小红');
  await page.getByLabel('回复（被评分）').fill('小明');
  assert.match(await page.locator('.room-reader').innerText(), /小红/);
  await page.getByRole('button', { name: '交换角色' }).click();
  assert.match(await page.locator('.room-reader').innerText(), /小明/);
  await audit(page, 'pair');
  await playRoom(page, { pair: true });
  assert.match(await page.locator('.pair-history').innerText(), /小红/);
  await assertHealthy(page);
  await page.context().close();
});
