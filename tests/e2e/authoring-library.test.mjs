// Trainers make it theirs (issue 15, library part): My scenarios (import a
// folder with broken files, ask before replacing, duplicate a built-in and
// play it), the company policy (a quoted member discount scored honest, an
// invented one not; a policy that would switch off a built-in rule refused),
// a pack carrying a custom scenario and the policy opened by a trainee in a
// fresh browser, finished, and read on the dashboard; and hostile files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open, assertHealthy, screenshot, audit, scenarios, playToEnd, option, switchTo } from './harness.mjs';

let server, url, browser, library, dir, trainer;

before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  library = await scenarios();
  dir = await mkdtemp(join(tmpdir(), 'dojo-authoring-'));
  // The trainer's browser: one context for the whole file, so My scenarios
  // and the policy persist between the tests as they do between visits.
  trainer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});
after(async () => { await trainer?.close(); await browser?.close(); server?.close(); });

/** A built-in scenario under a new id and title, as a colleague's file. */
function adapted(id, from, title) {
  const s = structuredClone(library[from]);
  s.id = id;
  s.title = { zh: title.zh, en: title.en };
  delete s.$schema;
  return s;
}

async function myScenarios() {
  const page = await open(browser, `${url}/#/my-scenarios`, { context: trainer });
  await page.getByRole('button', { name: '新建空白场景' }).waitFor();
  await page.locator('.my-list, .hint').first().waitFor();
  return page;
}

test('import a folder of scenario files: broken ones named with their problem, the rest kept; ask before replacing', async () => {
  const folder = join(dir, 'colleague');
  await mkdir(folder, { recursive: true });
  const member = adapted('shop-member-discount', 'bargain-private-discount', { zh: '本店：会员折扣', en: 'Our shop: the member discount' });
  const cake = adapted('shop-late-cake', 'angry-late-cake', { zh: '本店：迟到的蛋糕', en: 'Our shop: the late cake' });
  const broken = adapted('shop-broken', 'angry-late-cake', { zh: '坏的', en: 'Broken' });
  broken.turns[0].next = [{ to: 'nowhere' }];
  const files = {
    'shop-member-discount.json': JSON.stringify(member, null, 2),
    'shop-late-cake.json': JSON.stringify(cake, null, 2),
    'shop-broken.json': JSON.stringify(broken, null, 2),
    'not-json.json': '{ "id": "half',
    'angry-late-cake.json': JSON.stringify(library['angry-late-cake']),
    'notes.txt': 'not a scenario',
  };
  const paths = [];
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(folder, name), text);
    paths.push(join(folder, name));
  }
  const page = await myScenarios();
  await audit(page, 'my scenarios, empty');
  // The folder picker (webkitdirectory) takes the whole folder.
  await page.locator('input.import-folder').setInputFiles(folder);
  await page.locator('.import-report').waitFor();
  assert.match(await page.locator('.import-added').innerText(), /已导入 2 个场景/);
  const refused = await page.locator('.import-refused li').allInnerTexts();
  assert.equal(refused.length, 3, refused.join('\n'));
  assert.ok(refused.some((r) => r.includes('shop-broken.json') && r.includes('/turns/0/next/0/to') && r.includes('nowhere')), refused.join('\n'));
  assert.ok(refused.some((r) => r.includes('not-json.json') && /1:\d+/.test(r)), refused.join('\n'));
  assert.ok(refused.some((r) => r.includes('angry-late-cake.json') && r.includes('内置场景')), refused.join('\n'));
  const items = await page.locator('.my-item .my-id').allInnerTexts();
  assert.deepEqual(items.sort(), ['shop-late-cake', 'shop-member-discount']);
  await audit(page, 'my scenarios, import report zh');
  await screenshot(page, 'authoring-import-zh');

  // The same file again: the trainer is asked before it is replaced.
  const changed = structuredClone(cake);
  changed.title.en = 'Our shop: the late cake (v2)';
  const again = join(dir, 'shop-late-cake.json');
  await writeFile(again, JSON.stringify(changed));
  await page.getByLabel('导入场景文件（可多选）').setInputFiles([again]);
  await page.locator('.conflict').waitFor();
  assert.match(await page.locator('.conflict').innerText(), /shop-late-cake.*已在我的场景中/);
  await switchTo(page, 'en');
  await audit(page, 'my scenarios, conflict en');
  await screenshot(page, 'authoring-conflict-en');
  await page.getByRole('button', { name: 'Replace' }).click();
  await page.locator('.my-item[data-id="shop-late-cake"] .my-title', { hasText: '(v2)' }).waitFor();
  await switchTo(page, 'zh');

  // Export one: exactly the file format (the id names the file).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.my-item[data-id="shop-late-cake"]').getByRole('button', { name: '导出' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'shop-late-cake.json');

  // Delete with confirmation; cancel keeps it.
  const row = page.locator('.my-item[data-id="shop-late-cake"]');
  await row.getByRole('button', { name: '删除' }).click();
  await row.getByRole('button', { name: '取消' }).click();
  assert.equal(await page.locator('.my-item').count(), 2);
  await row.getByRole('button', { name: '删除' }).click();
  await row.locator('.confirm-delete').click();
  await page.locator('.my-item[data-id="shop-late-cake"]').waitFor({ state: 'detached' });
  // Kept across a reload.
  await page.reload();
  await page.locator('.my-item[data-id="shop-member-discount"]').waitFor();
  assert.equal(await page.locator('.my-item').count(), 1);
  await assertHealthy(page);
  await page.close();
});

test('duplicate a built-in scenario and play it like a built-in one', async () => {
  const page = await myScenarios();
  await page.getByLabel('复制内置场景').selectOption('angry-late-cake');
  await page.getByRole('button', { name: '复制', exact: true }).click();
  await page.locator('.my-item[data-id="angry-late-cake-copy"]').waitFor();
  // In the catalogue, beside the built-in ones.
  await page.goto(`${url}/`);
  await page.locator('.my-cards').waitFor();
  assert.match(await page.locator('.my-cards').innerText(), /（副本）/);
  await audit(page, 'catalogue with my scenarios');
  await page.goto(`${url}/play/angry-late-cake-copy?beginner=1`);
  await page.getByRole('button', { name: '开始对话' }).click();
  await playToEnd(page, library['angry-late-cake'], 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  assert.ok(await page.locator('.debrief').count());
  await screenshot(page, 'authoring-duplicate-played');
  await assertHealthy(page);
  await page.close();
});

test('a company policy: a quoted member discount is honest, an invented one is not; a policy cannot switch off a rule', async () => {
  const page = await open(browser, `${url}/#/policy`, { context: trainer });
  await page.getByRole('button', { name: '从示例开始' }).click();
  await page.getByRole('button', { name: '检查并保存' }).click();
  await page.locator('.policy-active', { hasText: '当前政策' }).waitFor();
  await page.locator('.policy-list').waitFor();

  // A line added with the form (no JSON typed): a forbidden phrase.
  await page.getByLabel('类型').selectOption('forbidden');
  await page.getByLabel('编号（小写字母、数字、-）').fill('no-cash');
  await page.getByLabel('政策原文（中文）').fill('不收现金。');
  await page.getByLabel('政策原文（英文）').fill('We never take cash.');
  await page.getByLabel('说法（每行一个）').fill('pay in cash\n现金支付');
  await page.getByLabel('给学员的说明（中文）').fill('公司不收现金。');
  await page.getByLabel('给学员的说明（英文）').fill('The company never takes cash.');
  await page.getByRole('button', { name: '加入政策文本' }).click();
  await page.getByRole('button', { name: '检查并保存' }).click();
  await page.locator('.policy-list', { hasText: 'We never take cash' }).or(page.locator('.policy-list', { hasText: '不收现金' })).waitFor();

  const tryReply = async (reply) => {
    await page.locator('textarea.try-reply').fill(reply);
    await page.getByRole('button', { name: '评分' }).click();
    await page.locator('.try-with .try-findings').waitFor();
    const rules = async (side) => page.locator(`.${side} .try-findings li`).evaluateAll((li) => li.map((l) => l.dataset.rule));
    return {
      with: await rules('try-with'),
      plain: await rules('try-plain'),
      integrityWith: Number(await page.locator('.integrity-with').innerText()),
      integrityPlain: Number(await page.locator('.integrity-plain').innerText()),
    };
  };
  const honest = await tryReply("I'll give you a discount: members get 5% off every order.");
  assert.ok(honest.plain.includes('integrity.unauthorised_discount'), honest.plain.join());
  assert.ok(!honest.with.includes('integrity.unauthorised_discount'), honest.with.join());
  assert.ok(honest.with.includes('policy.offer.member-discount'), honest.with.join());
  assert.ok(honest.integrityWith > honest.integrityPlain);
  assert.match(await page.locator('.try-with').innerText(), /会员购物享受 95 折/);
  await audit(page, 'policy page zh');
  await screenshot(page, 'authoring-policy-zh');
  const invented = await tryReply("I'll give you a discount, just this once.");
  assert.ok(invented.with.includes('integrity.unauthorised_discount'), invented.with.join());
  const cash = await tryReply('You can pay in cash at the door.');
  assert.ok(cash.with.includes('policy.forbidden.no-cash'), cash.with.join());
  assert.match(await page.locator('.try-with').innerText(), /We never take cash|不收现金/);

  // A policy that tries to switch a built-in rule off is refused with a message.
  const text = await page.locator('textarea.policy-json').inputValue();
  const sly = JSON.parse(text);
  sly.disable_rules = ['integrity.unauthorised_discount'];
  await page.locator('textarea.policy-json').fill(JSON.stringify(sly));
  await page.getByRole('button', { name: '检查并保存' }).click();
  assert.match(await page.locator('.policy-problems').innerText(), /disable_rules.*不能关闭或删除内置规则/);
  await switchTo(page, 'en');
  assert.match(await page.locator('.policy-problems').innerText(), /cannot switch off or remove built-in rules/);
  await audit(page, 'policy page en, refused');
  await screenshot(page, 'authoring-policy-refused-en');
  await switchTo(page, 'zh');
  // The saved policy is still the good one.
  await page.reload();
  await page.locator('.policy-active', { hasText: '当前政策' }).waitFor();
  await assertHealthy(page);
  await page.close();
});

test('a pack with a custom scenario and the policy: a trainee in a fresh browser plays it, the dashboard reads the results', async () => {
  const page = await open(browser, `${url}/classroom`, { context: trainer });
  await page.getByLabel('练习包名称').fill('第四周：本店的顾客');
  await page.locator('.pack-own').waitFor();
  await page.locator('.pack-own').getByRole('checkbox', { name: /本店：会员折扣/ }).check();
  await page.getByLabel('新手选项').check();
  assert.ok(await page.getByLabel('附上公司政策（学员的回复按它评分）').isChecked());
  const link = await page.locator('textarea.pack-link').inputValue();
  console.log(`pack link with 1 custom scenario + policy: ${link.length} characters`);
  await audit(page, 'pack builder with my scenarios');
  await screenshot(page, 'authoring-pack-builder');
  await page.close();

  // A trainee who never imported anything: a fresh browser context.
  const trainee = await open(browser, link);
  assert.match(await trainee.locator('.pack-carries').innerText(), /1 个场景.*本店政策/);
  await trainee.getByLabel('你的名字').fill('小林');
  await trainee.getByRole('button', { name: '开始练习包' }).click();
  await trainee.getByRole('button', { name: '开始这个场景' }).click();
  const member = adapted('shop-member-discount', 'bargain-private-discount', { zh: '本店：会员折扣', en: 'x' });
  await playToEnd(trainee, member, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  await trainee.getByRole('button', { name: '完成并生成结果' }).click();
  const [download] = await Promise.all([trainee.waitForEvent('download'), trainee.getByRole('button', { name: '下载结果文件' }).click()]);
  const results = join(dir, 'xiaolin.json');
  await download.saveAs(results);
  await audit(trainee, 'pack results');
  await assertHealthy(trainee);
  await trainee.context().close();

  const board = await open(browser, `${url}/classroom/dashboard`, { context: trainer });
  await board.locator('.class-picker').waitFor();
  await board.getByLabel('导入结果文件（可多选）').setInputFiles([results]);
  await board.locator('table.class-table', { hasText: '小林' }).waitFor();
  // The trainer's own scenario is named by its title and its turns by their
  // lines, exactly like a built-in one — never by internal ids.
  const hardest = await board.locator('section[aria-labelledby=hardest-title]').innerText();
  assert.match(hardest, /本店：会员折扣/);
  assert.doesNotMatch(hardest, /shop-member-discount/);
  await screenshot(board, 'authoring-dashboard');
  await assertHealthy(board);
  await board.close();
});

test('hostile scenario, policy and pack files: nothing runs, the app stays usable, the refusals are explained', async () => {
  // (The Chinese side needs some Chinese: the validator checks for untranslated text.)
  const evil = adapted('shop-evil', 'angry-late-cake', { zh: '恶意<script>window.__pwned=1</script>', en: '<script>window.__pwned=1</script>' });
  evil.brief = { zh: '简介<img src=x onerror="window.__pwned=2">', en: '<img src=x onerror="window.__pwned=2">' };
  evil.persona.name = { zh: '顾客javascript:window.__pwned=3', en: 'javascript:window.__pwned=3' };
  const huge = adapted('shop-huge', 'angry-late-cake', { zh: '大', en: 'Huge' });
  huge.brief.en = 'A'.repeat(1_000_000);
  const files = [join(dir, 'shop-evil.json'), join(dir, 'shop-huge.json')];
  await writeFile(files[0], JSON.stringify(evil));
  await writeFile(files[1], JSON.stringify(huge));
  const page = await myScenarios();
  await page.getByLabel('导入场景文件（可多选）').setInputFiles(files);
  await page.locator('.import-report').waitFor();
  assert.match(await page.locator('.import-refused').innerText(), /shop-huge\.json.*文件太大/);
  await page.locator('.my-item[data-id="shop-evil"]').waitFor();
  assert.equal(await page.locator('.my-item[data-id="shop-evil"] .my-title').innerText(), '恶意<script>window.__pwned=1</script>');
  await page.goto(`${url}/`);
  await page.locator('.my-cards', { hasText: '<script>' }).waitFor();
  assert.match(await page.locator('.my-cards').innerText(), /<img src=x onerror/);
  await page.goto(`${url}/play/shop-evil`);
  await page.getByRole('button', { name: '开始对话' }).waitFor();
  assert.equal(await page.locator('main img[src="x"]').count(), 0);

  // Policy files: hostile text stays text; a 1 MB one is refused unread.
  const policyPage = await open(browser, `${url}/#/policy`, { context: trainer });
  const evilPolicy = { format: 'service-dojo-policy', version: 1, name: { zh: '<script>window.__pwned=4</script>', en: '<img src=x onerror="window.__pwned=5">' }, offers: [] };
  const bigPolicy = { ...evilPolicy, name: { zh: 'x'.repeat(1_000_000), en: 'x' } };
  await writeFile(join(dir, 'evil-policy.json'), JSON.stringify(evilPolicy));
  await writeFile(join(dir, 'big-policy.json'), JSON.stringify(bigPolicy));
  await policyPage.getByLabel('导入政策文件').setInputFiles(join(dir, 'big-policy.json'));
  assert.match(await policyPage.locator('.policy-problems').innerText(), /文件太大/);
  await policyPage.getByLabel('导入政策文件').setInputFiles(join(dir, 'evil-policy.json'));
  await policyPage.locator('.policy-json').waitFor();
  assert.match(await policyPage.locator('textarea.policy-json').inputValue(), /<script>window.__pwned=4<\/script>/);
  await assertHealthy(policyPage);
  await policyPage.close();

  // Pack files: one carrying the hostile scenario opens (its text shown as
  // text); a 1 MB one is refused with the limit.
  const pack = {
    format: 'service-dojo-pack', version: 2, name: '<img src=x onerror="window.__pwned=6">', scenarios: ['shop-evil'],
    mode: 'practice', beginner: true, reply_seconds: null, pass: {}, custom: [evil],
  };
  await writeFile(join(dir, 'evil-pack.json'), JSON.stringify(pack));
  await writeFile(join(dir, 'big-pack.json'), JSON.stringify({ ...pack, custom: [huge], scenarios: ['shop-huge'] }));
  const room = await open(browser, `${url}/classroom`);
  await room.getByLabel('打开练习包文件').setInputFiles(join(dir, 'big-pack.json'));
  assert.match(await room.locator('.pack-error').innerText(), /太大|上限/);
  await room.getByLabel('打开练习包文件').setInputFiles(join(dir, 'evil-pack.json'));
  await room.getByLabel('你的名字').waitFor();
  assert.equal(await room.locator('h1').innerText(), '<img src=x onerror="window.__pwned=6">');
  assert.match(await room.locator('.pack-list').innerText(), /<script>window.__pwned=1<\/script>/);
  assert.equal(await room.locator('main img[src="x"]').count(), 0);
  await screenshot(room, 'authoring-hostile-pack');

  for (const p of [page, room]) {
    assert.equal(await p.evaluate(() => window.__pwned), undefined, 'no injected script ran');
    await assertHealthy(p);
  }
  // Still usable: the catalogue works after all that.
  await room.goto(`${url}/`);
  await room.locator('.cards li').first().waitFor();
  await room.context().close();
  await page.close();
});
