// The class dashboard as a trainer uses it (issue 13): classes kept across a
// reload (several, named, renamed, deleted after a confirmation, merged
// across two tabs, damaged data backed up and reported), each trainee's
// transcripts one click from the table, the verdict at the end of a pack,
// a pack file opened from a button, short (deflated) results codes, and the
// acceptance items: CSV formula cells neutralised, forged files refused, two
// trainees of the same name kept apart, oversize inputs refused with the limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open, assertHealthy, screenshot, audit, scenarios, playToEnd, option, switchTo } from './harness.mjs';

let server, url, browser, scenario, dir, library;
// Files made once by real play-throughs, shared by the tests below.
const made = {};

before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  library = await scenarios();
  scenario = Object.values(library).filter((s) => s.archetype === 'bargainer').sort((a, b) => a.difficulty - b.difficulty)[0];
  dir = await mkdtemp(join(tmpdir(), 'dojo-dashboard-'));
});
after(async () => { await browser?.close(); server?.close(); });

/** Build a pack on the trainer's page; returns its link and its downloaded file. */
async function makePack(name) {
  const page = await open(browser, `${url}/classroom`);
  await page.getByLabel('练习包名称').fill(name);
  await page.getByRole('checkbox', { name: new RegExp(scenario.title.zh) }).check();
  await page.getByLabel('新手选项').check();
  await page.getByRole('spinbutton', { name: '诚信' }).fill('70');
  const link = await page.locator('textarea.pack-link').inputValue();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载练习包文件' }).click()]);
  const file = join(dir, `pack-${name}.json`);
  await download.saveAs(file);
  await page.context().close();
  return { link, file };
}

/** A trainee plays the pack; returns the results file, the code and what the page said. */
async function playPack(link, trainee, quality, { shots } = {}) {
  const page = await open(browser, link);
  await page.getByLabel('你的名字').fill(trainee);
  await page.getByRole('button', { name: '开始练习包' }).click();
  // Each scenario's brief comes first.
  await page.getByRole('button', { name: '开始这个场景' }).click();
  await playToEnd(page, scenario, 'zh', { beginner: true, choose: (turn) => option(turn, quality, 'zh') });
  await page.getByRole('button', { name: '完成并生成结果' }).click();
  const verdict = (await page.locator('.verdict').innerText()).trim();
  if (shots) {
    await audit(page, 'pack results zh');
    await screenshot(page, 'dashboard-handout-zh');
    await switchTo(page, 'en');
    assert.match(await page.locator('.verdict').innerText(), /Passed|Not passed/);
    await audit(page, 'pack results en');
    await screenshot(page, 'dashboard-handout-en');
    await switchTo(page, 'zh');
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载结果文件' }).click()]);
  const file = join(dir, `${trainee.replace(/[^\p{L}\p{N}]/gu, '_')}-${quality}.json`);
  await download.saveAs(file);
  const code = await page.locator('textarea.results-code').inputValue();
  await assertHealthy(page);
  await page.context().close();
  return { file, code, verdict };
}

/** What a forger does: edit the file, then recompute its checksum (SHA-256 of the file without its last field, the checksum). */
function rechecksum(json) {
  const at = json.lastIndexOf(',"checksum":');
  const body = `${json.slice(0, at)}}`;
  const sum = createHash('sha256').update(body, 'utf8').digest('hex');
  return `${json.slice(0, at)},"checksum":"${sum}"}`;
}

/** The same results under another trainee name and id (as if another trainee had played exactly so). */
function renamed(json, from, to, id) {
  const out = json.replace(`"trainee":${JSON.stringify(from)}`, `"trainee":${JSON.stringify(to)}`)
    .replace(/"id":"[0-9a-f-]{36}"/, `"id":"${id}"`);
  assert.notEqual(out, json);
  return rechecksum(out);
}

/** RFC 4180 CSV parsing (quoted cells, doubled quotes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function dashboard(context) {
  const page = await open(browser, `${url}/classroom/dashboard`, context ? { context } : undefined);
  await page.locator('.class-picker').waitFor();
  return page;
}

test('pack file from a button, verdict at the end, short codes, and the files the other tests import', async () => {
  const pack = await makePack('第二周：砍价');
  made.pack = pack;
  // A trainee given the pack file opens it from the classroom page's button.
  const page = await open(browser, `${url}/classroom`);
  await page.getByLabel('打开练习包文件').setInputFiles(pack.file);
  await page.getByLabel('你的名字').waitFor();
  assert.match(new URL(page.url()).hash, /^#\/pack\?p=/, 'the pack page, its screen in the fragment');
  assert.match(await page.locator('h1').innerText(), /第二周：砍价/);
  // A file that is not a pack says so, in the UI language.
  await page.goto(`${url}/classroom`);
  const notPack = join(dir, 'not-a-pack.json');
  await writeFile(notPack, '{"hello": 1}');
  await page.getByLabel('打开练习包文件').setInputFiles(notPack);
  assert.match(await page.locator('.pack-error').innerText(), /练习包文件的内容不符合格式/);
  await audit(page, 'classroom with pack error zh');
  await screenshot(page, 'dashboard-open-pack-zh');
  await switchTo(page, 'en');
  await page.getByLabel('Open a pack file').setInputFiles(notPack);
  assert.match(await page.locator('.pack-error').innerText(), /the pack file does not have the expected content/);
  await audit(page, 'classroom with pack error en');
  await screenshot(page, 'dashboard-open-pack-en');
  await switchTo(page, 'zh');
  await assertHealthy(page);
  await page.context().close();

  made.wangGood = await playPack(pack.link, '王芳', 'good', { shots: true });
  made.wangBad = await playPack(pack.link, '王芳', 'bad');
  made.formula = await playPack(pack.link, '=HYPERLINK("http://x","y")', 'good');
  assert.match(made.wangGood.verdict, /✔ 通过/);
  assert.match(made.wangBad.verdict, /✖ 未通过/);
  assert.match(made.wangBad.verdict, /诚信\s+\d+\s+70\s+✖ 未达到/);
  // The verdict is in the results file too.
  const file = JSON.parse(await readFile(made.wangBad.file, 'utf8'));
  assert.equal(file.verdict.passed, false);
  assert.equal(file.verdict.competencies.integrity.mark, 70);
  // The code is deflated: much shorter than base64 of the file.
  const json = await readFile(made.wangGood.file, 'utf8');
  const plain = Buffer.from(json).toString('base64url').length + 6;
  console.log(`# results file ${Buffer.byteLength(json)} bytes; plain code would be ${plain} chars; deflated code ${made.wangGood.code.length} chars`);
  assert.match(made.wangGood.code, /^DOJO2:/);
  assert.ok(made.wangGood.code.length * 3 < plain, `${made.wangGood.code.length} vs ${plain}`);
});

test('same names kept apart, duplicates and forgeries refused, formula cells neutralised in the CSV', async () => {
  assert.ok(made.wangGood, 'needs the first test');
  const good = await readFile(made.wangGood.file, 'utf8');
  const formula = await readFile(made.formula.file, 'utf8');
  const files = {
    'wang-copy.json': good,
    'plus.json': renamed(formula, '=HYPERLINK("http://x","y")', '+1', '11111111-1111-4111-8111-111111111111'),
    'at.json': renamed(formula, '=HYPERLINK("http://x","y")', '@a', '22222222-2222-4222-8222-222222222222'),
    // Forged: a score of 255 in the first session, checksum recomputed.
    'forged-score.json': rechecksum(good.replace(/("ending_kind":"[a-z_]+","scores":\{"empathy":)\d+/, '$1255')),
    // Forged: a scenario outside the pack, checksum recomputed.
    'forged-scenario.json': rechecksum(good.replace(`"scenario":"${scenario.id}","mode"`, '"scenario":"not-in-the-pack","mode"')),
  };
  const paths = [made.wangGood.file, made.wangBad.file, made.formula.file];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, text);
    paths.push(path);
  }
  const page = await dashboard();
  await page.getByLabel('导入结果文件（可多选）').setInputFiles(paths);
  await page.locator('.class-table tbody tr').nth(4).waitFor();
  const names = await page.locator('.class-table tbody th').allInnerTexts();
  assert.deepEqual([...names].sort(), ['+1', '=HYPERLINK("http://x","y")', '@a', '王芳 (1)', '王芳 (2)'].sort());
  const messages = await page.locator('.rejected li').allInnerTexts();
  assert.equal(messages.length, 3, messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('wang-copy.json') && m.includes('重复')), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('forged-score.json') && m.includes('分数 255 超出 0–100')), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('forged-scenario.json') && m.includes('not-in-the-pack')), messages.join('\n'));
  // The class is named after the pack.
  assert.equal((await page.locator('#class-title').innerText()).trim(), '第二周：砍价');
  await audit(page, 'dashboard zh');
  await screenshot(page, 'dashboard-class-zh');
  await switchTo(page, 'en');
  const en = await page.locator('.rejected li').allInnerTexts();
  assert.ok(en.some((m) => m.startsWith('forged-score.json') && m.includes('a score of 255 is outside 0–100')), en.join('\n'));
  assert.ok(en.some((m) => m.startsWith('forged-scenario.json') && m.includes('“not-in-the-pack”')), en.join('\n'));
  await audit(page, 'dashboard en');
  await screenshot(page, 'dashboard-class-en');
  await switchTo(page, 'zh');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV(Excel)' }).click()]);
  const csvFile = join(dir, 'class.csv');
  await download.saveAs(csvFile);
  const csv = await readFile(csvFile, 'utf8');
  assert.equal(csv.charCodeAt(0), 0xfeff);
  const rows = parseCsv(csv.slice(1));
  assert.equal(rows.length, 6);
  const first = rows.slice(1).map((r) => r[0]);
  // Formula-like names are text: a leading quote, and the rest as typed.
  assert.ok(first.includes(`'=HYPERLINK("http://x","y")`), first.join(' | '));
  assert.ok(first.includes("'+1"), first.join(' | '));
  assert.ok(first.includes("'@a"), first.join(' | '));
  assert.ok(first.includes('王芳 (1)') && first.includes('王芳 (2)'), first.join(' | '));
  for (const cell of rows.flat()) assert.ok(!/^[=+\-@\t\r]/.test(cell), `live formula cell: ${cell}`);
  await assertHealthy(page);
  await page.context().close();
});

test('transcripts one click from the table: turns by the customer line, findings, keyboard and a way back', async () => {
  assert.ok(made.wangGood, 'needs the first test');
  const page = await dashboard();
  await page.getByLabel('导入结果文件（可多选）').setInputFiles([made.wangGood.file, made.wangBad.file]);
  await page.locator('.class-table tbody tr').nth(1).waitFor();
  // Keyboard: focus the second row's button and press Enter.
  const button = page.getByRole('button', { name: /对话记录 — 王芳 \(2\)/ });
  await button.focus();
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 2, name: '王芳 (2) 的对话记录' });
  await heading.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'transcripts-title');
  // Every customer line shown is one of the scenario's authored lines, never a turn id.
  const said = await page.locator('.transcript .said').allInnerTexts();
  assert.ok(said.length >= 2);
  const authored = scenario.turns.flatMap((t) => [...t.line, t.fallback, t.unanswered].filter(Boolean).map((l) => l.zh.split(/\{[a-z_]+\}/)[0]));
  for (const line of said) assert.ok(authored.some((a) => line.startsWith(a)), `not a customer line: ${line}`);
  for (const t of scenario.turns) assert.ok(!said.includes(t.id));
  assert.ok(await page.locator('.transcript .finding').count() >= 1, 'findings explained');
  assert.match(await page.locator('.transcripts .verdict').innerText(), /未通过/);
  await audit(page, 'transcripts zh');
  await screenshot(page, 'dashboard-transcripts-zh');
  await switchTo(page, 'en');
  await page.getByRole('heading', { level: 2, name: 'Transcripts of 王芳 (2)' }).waitFor();
  const saidEn = await page.locator('.transcript .said').allInnerTexts();
  const authoredEn = scenario.turns.flatMap((t) => [...t.line, t.fallback, t.unanswered].filter(Boolean).map((l) => l.en.split(/\{[a-z_]+\}/)[0]));
  for (const line of saidEn) assert.ok(authoredEn.some((a) => line.startsWith(a)), `not a customer line: ${line}`);
  await audit(page, 'transcripts en');
  await screenshot(page, 'dashboard-transcripts-en');
  await page.getByRole('button', { name: '← Back to the class' }).first().click();
  await page.locator('.class-table').waitFor();
  await page.waitForFunction(() => document.activeElement?.textContent?.includes('王芳 (2)'));
  // The hardest turns are named by the customer's line.
  const hardest = await page.locator('[aria-labelledby="hardest-title"] q').allInnerTexts();
  assert.ok(hardest.length >= 1);
  for (const q of hardest) assert.ok(scenario.turns.some((t) => t.line[0].en === q), q);
  await switchTo(page, 'zh');
  await assertHealthy(page);
  await page.context().close();
});

test('classes survive a reload: several, renamed, deleted after a confirmation, merged across two tabs', async () => {
  assert.ok(made.wangGood, 'needs the first test');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await dashboard(context);
  await page.getByLabel('导入结果文件（可多选）').setInputFiles([made.wangGood.file]);
  await page.locator('.class-table tbody tr').first().waitFor();
  await page.getByLabel('新班级名称').fill('周三班');
  await page.getByRole('button', { name: '新建班级' }).click();
  assert.equal((await page.locator('#class-title').innerText()).trim(), '周三班');
  // A second tab imports into "周三班" while the first renames it.
  const other = await open(browser, `${url}/classroom/dashboard`, { context });
  await other.getByRole('button', { name: /周三班/ }).click();
  await other.getByLabel('导入结果文件（可多选）').setInputFiles([made.wangBad.file]);
  await other.locator('.class-table tbody tr').first().waitFor();
  await page.getByLabel('班级名称', { exact: true }).fill('周三晚班');
  await page.getByRole('button', { name: '重命名' }).click();
  await page.reload();
  await page.locator('.class-picker').waitFor();
  const tabs = await page.locator('.class-tab').allInnerTexts();
  assert.equal(tabs.length, 2, tabs.join(' | '));
  assert.ok(tabs.some((t) => t.startsWith('第二周：砍价') && t.includes('1 份结果')), tabs.join(' | '));
  assert.ok(tabs.some((t) => t.startsWith('周三晚班') && t.includes('1 份结果')), `the other tab's import and this tab's name both kept: ${tabs.join(' | ')}`);
  await page.getByRole('button', { name: /周三晚班/ }).click();
  assert.equal(await page.locator('.class-table tbody tr').count(), 1);

  // Delete asks first; cancelling keeps the class.
  await page.getByRole('button', { name: '删除这个班级…' }).click();
  const dialog = page.getByRole('alertdialog');
  assert.match(await dialog.innerText(), /确定删除班级“周三晚班”及其 1 份结果吗/);
  await page.waitForFunction(() => document.activeElement?.id === 'confirm-cancel');
  await audit(page, 'delete confirmation zh');
  await screenshot(page, 'dashboard-delete-zh');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.class-tab').count(), 2);
  await switchTo(page, 'en');
  await page.getByRole('button', { name: 'Delete this class…' }).click();
  assert.match(await dialog.innerText(), /Delete the class “周三晚班” and its 1 result\(s\)\?/);
  await audit(page, 'delete confirmation en');
  await screenshot(page, 'dashboard-delete-en');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await switchTo(page, 'zh');
  await page.reload();
  await page.locator('.class-picker').waitFor();
  assert.deepEqual((await page.locator('.class-tab').allInnerTexts()).map((t) => t.split(/\s/)[0]), ['第二周：砍价']);
  await assertHealthy(page);
  await assertHealthy(other);
  await context.close();
});

test('unreadable stored classes are backed up, reported, and never overwritten', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await dashboard(context);
  const garbage = '{"version":1,"classes":[{"id":"c1","name":"坏班级","results":"oops"}';
  await page.evaluate((g) => localStorage.setItem('service-dojo.classes', g), garbage);
  await page.reload();
  await page.locator('.class-picker').waitFor();
  const notice = await page.locator('.dashboard .notice').first().innerText();
  const backup = notice.match(/“(service-dojo\.classes\.backup\.\d+)”/)?.[1];
  assert.ok(backup, notice);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), backup), garbage, 'the original, verbatim');
  await audit(page, 'damaged classes zh');
  await screenshot(page, 'dashboard-damaged-zh');
  // A newer version's classes are left alone: nothing written over them.
  const newer = '{"version":99,"classes":[]}';
  await page.evaluate((g) => localStorage.setItem('service-dojo.classes', g), newer);
  await page.reload();
  await page.locator('.class-picker').waitFor();
  assert.match(await page.locator('.dashboard .notice').first().innerText(), /v99/);
  await page.getByLabel('新班级名称').fill('试试');
  await page.getByRole('button', { name: '新建班级' }).click();
  assert.equal(await page.evaluate(() => localStorage.getItem('service-dojo.classes')), newer);
  await assertHealthy(page);
  await context.close();
});

test('oversize inputs are refused at once with the limit, the page staying responsive', async () => {
  const page = await dashboard();
  // A 10 MB results code, put into the field without typing it.
  await page.getByLabel('或粘贴结果码').evaluate((el) => {
    el.value = `DOJO2:${'A'.repeat(10_000_000)}`;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  let started = Date.now();
  await page.getByRole('button', { name: '添加', exact: true }).click();
  const message = await page.locator('.rejected li').first().innerText();
  console.log(`# 10 MB code refused after ${Date.now() - started} ms`);
  assert.match(message, /结果码太大（10,000,006 个字符），上限是 2,700,000 个字符/);
  // Still responsive: another control reacts at once.
  await page.getByLabel('新班级名称').fill('还能用');
  assert.equal(await page.getByLabel('新班级名称').inputValue(), '还能用');

  // A 5 MB results file is refused by its size, without being read.
  started = Date.now();
  await page.getByLabel('导入结果文件（可多选）').setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(5_000_000, 32) });
  await page.locator('.rejected li', { hasText: 'huge.json' }).waitFor();
  console.log(`# 5 MB file refused after ${Date.now() - started} ms (including the upload to the browser)`);
  assert.match(await page.locator('.rejected li', { hasText: 'huge.json' }).innerText(), /结果文件太大（5 MB），上限是 2 MB/);
  await audit(page, 'oversize zh');
  await screenshot(page, 'dashboard-oversize-zh');
  await switchTo(page, 'en');
  assert.match(await page.locator('.rejected li', { hasText: 'huge.json' }).innerText(), /the results file is too large \(5 MB; the limit is 2 MB\)/);
  await screenshot(page, 'dashboard-oversize-en');
  await switchTo(page, 'zh');
  await assertHealthy(page);
  await page.context().close();

  // A pack link over the limit: the trainee is told the limit and what to do.
  const link = await open(browser, `${url}/pack#p=${'A'.repeat(40_000)}`);
  const text = await link.locator('.pack-error').innerText();
  assert.match(text, /练习包链接太大（40,000 个字符），上限是 32,000 个字符；请向培训师索取练习包文件/);
  await audit(link, 'pack link too long');
  await screenshot(link, 'dashboard-pack-link-too-long-zh');
  // An oversized pack file, from the button.
  await link.goto(`${url}/classroom`);
  await link.getByLabel('打开练习包文件').setInputFiles({ name: 'big-pack.json', mimeType: 'application/json', buffer: Buffer.alloc(900_000, 32) });
  // (800 KB since packs carry the trainer's own scenarios and a policy.)
  assert.match(await link.locator('.pack-error').innerText(), /练习包文件太大（900 KB），上限是 800 KB/);
  await assertHealthy(link);
  await link.context().close();
});
