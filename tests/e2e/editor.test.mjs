// The scenario editor (issue 15, item 2): a trainer writes a scenario from
// the blank template with the forms only (no JSON), sees live problems
// appear beside their fields and disappear when fixed, opens turns from the
// conversation map (by mouse and by keyboard), test-plays the draft to an
// ending without anything saved, exports it and `dojo validate` accepts the
// downloaded file; the draft survives a reload; publishing puts it into My
// scenarios. axe audits in both languages; screenshots to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open, assertHealthy, screenshot, audit, switchTo, playToEnd, root } from './harness.mjs';

const run = promisify(execFile);
let server, url, browser, dir;
before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'dojo-editor-'));
});
after(async () => { await browser?.close(); server?.close(); });

// What the trainer types, field by field (the scenario `tests/authoring.rs`
// builds natively with the same words).
const words = {
  title: ['蛋糕做错了字', 'The wrong words on the cake'],
  brief: ['顾客的生日蛋糕上写错了名字。', 'The birthday cake came with the wrong name on it.'],
  goal: ['先安抚情绪，再给补救', 'Soothe first, then offer a remedy'],
  name: ['王女士', 'Ms Wang'],
  who: ['为女儿订了生日蛋糕，很着急。', 'Ordered a birthday cake for her daughter; in a hurry.'],
  line: ['你们怎么把我女儿的名字写错了？晚上就要过生日了！', "How could you get my daughter's name wrong? Her party is tonight!"],
  options: [
    ['非常抱歉，名字写错了真的让您着急了，这是我们的错。我马上安排重新做一个，两小时内送到。',
      "I'm so sorry, a wrong name on her cake is upsetting, and it's our mistake. I'll have a new one made right away and delivered within two hours.",
      '先认错、再给补救和时间', 'Owns it, then a remedy and a time'],
    ['请问您的订单号是多少？', "What's your order number?", '问得太早，情绪还没回应', 'Too early: the feeling is not acknowledged'],
    ['写字的师傅不是我，你找门店吧。', "I didn't write it, take it up with the shop.", '推卸责任', 'Shifts the blame'],
  ],
  model: ['非常抱歉，女儿生日蛋糕上的名字写错了，您一定很着急，这是我们的错。我马上安排重新做一个，两小时内送到您家，送出后我给您打电话确认。您看这样可以吗？',
    "I'm so sorry. A wrong name on your daughter's birthday cake would upset anyone, and it's our mistake. I'll have a new cake made right away and delivered within two hours, and I'll call you as soon as it's on its way. Could you confirm the exact spelling of her name for me?"],
  modelNote: ['先回应情绪并道歉，再给补救和时间', 'Acknowledge and apologise first, then a remedy and a time'],
  endings: {
    resolved: [['重新做蛋糕', 'A new cake'], ['好吧，那你们快点。', 'Fine, be quick then.'], ['先认错再补救，顾客就愿意等。', 'Owning the mistake before the remedy makes the customer willing to wait.']],
    left: [['顾客走了', 'The customer left'], ['算了，我去别家买。', "Forget it, I'll buy elsewhere."], ['推卸责任让顾客失去信任。', "Shifting the blame loses the customer's trust."]],
  },
};

/** Fill a bilingual field by its label (English UI). */
async function both(scope, label, [zh, en]) {
  await scope.getByLabel(`${label} (Chinese)`, { exact: true }).fill(zh);
  await scope.getByLabel(`${label} (English)`, { exact: true }).fill(en);
}

const checksOf = (page, id) => page.locator(`#${id}-checks`);

test('a trainer writes a scenario from blank with the editor only, test-plays, exports and publishes it', async () => {
  const page = await open(browser, `${url}/#/editor`);
  await switchTo(page, 'en');
  await page.getByRole('button', { name: 'New scenario from the blank template' }).click();
  await page.locator('.editor-panel').waitFor();
  // The blank template lists what there is to write.
  assert.match(await page.locator('.editor-status').innerText(), /Problems [1-9]/);
  assert.match(await checksOf(page, 'f-title-en').innerText(), /missing English text/);
  await screenshot(page, 'editor-blank-en');

  // Live checks: the Chinese title alone is a missing translation beside the English field…
  await page.getByLabel('File name (lower-case letters, digits, -)').fill('my-cake-shop');
  await page.getByLabel('Title (Chinese)', { exact: true }).fill(words.title[0]);
  await assert.doesNotReject(checksOf(page, 'f-title-en').getByText('Translation missing').waitFor());
  assert.equal(await page.getByLabel('Title (English)', { exact: true }).getAttribute('aria-invalid'), 'true');
  // …that disappears once it is written.
  await page.getByLabel('Title (English)', { exact: true }).fill(words.title[1]);
  await checksOf(page, 'f-title-en').locator('li').waitFor({ state: 'detached' });
  assert.equal(await page.getByLabel('Title (English)', { exact: true }).getAttribute('aria-invalid'), null);
  // A bad file name is named at once, and fixed.
  await page.getByLabel('File name (lower-case letters, digits, -)').fill('My Cake');
  await checksOf(page, 'f-id').getByText('lower-case letters').waitFor();
  await page.getByLabel('File name (lower-case letters, digits, -)').fill('my-cake-shop');
  await checksOf(page, 'f-id').locator('li').waitFor({ state: 'detached' });

  await both(page, 'Brief (what the trainee reads first)', words.brief);
  await both(page, 'Goal 1', words.goal);
  await both(page, 'Name', words.name);
  await both(page, 'Who they are', words.who);

  // The map: open the first turn with the keyboard.
  const startNode = page.locator('g.map-node[data-node="start"]');
  await page.getByRole('button', { name: /^start\s.*Turn · first turn$/ }).waitFor();
  await startNode.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /Customer turn: start/ }).waitFor();
  await both(page, 'The customer says (variant 1)', words.line);
  await page.getByLabel(/^Acknowledge the feeling/).check();
  await page.getByLabel(/^Apologise sincerely/).check();
  for (const [i, [zh, en, noteZh, noteEn]] of words.options.entries()) {
    const option = page.locator('fieldset.option-item').nth(i);
    await both(option, 'Reply', [zh, en]);
    await both(option, 'Note shown after picking it', [noteZh, noteEn]);
  }
  await page.locator('fieldset.option-item').nth(2).getByLabel('Quality').selectOption('bad');
  await both(page, 'Model reply', words.model);
  await both(page, 'Why it works', words.modelNote);
  await page.getByLabel('Guideline section').selectOption('02 §7.5');

  // A second ending, and a way to it for replies that score low.
  await page.getByRole('button', { name: 'Add an ending: customer left' }).click();
  await page.getByRole('heading', { name: /Ending: left/ }).waitFor();
  await page.locator('g.map-node[data-node="start"]').click();
  await page.getByRole('button', { name: 'Add a way on' }).click();
  // Added before the unconditional one: "score below 40 → left".
  assert.equal(await page.getByLabel('When 1').inputValue(), 'score_below');
  assert.equal(await page.getByLabel('Goes to').first().inputValue(), 'left');
  assert.match(await page.locator('.condition-words').first().innerText(), /score < 40/);

  for (const [id, [title, line, debrief]] of Object.entries(words.endings)) {
    await page.locator(`g.map-node[data-node="${id}"]`).click();
    await page.getByRole('heading', { name: new RegExp(`Ending: ${id}`) }).waitFor();
    await both(page, 'Title', title);
    await both(page, "The customer's last words", line);
    await both(page, 'Debrief note (what this ending teaches)', debrief);
  }

  // Every validator problem gone, and the scorer finds no contradiction.
  await page.locator('.editor-status', { hasText: 'No problems: ready to publish' }).waitFor({ timeout: 15000 });
  const edges = await page.locator('g.map-edge').count();
  assert.equal(edges, 2);
  await page.locator('g.map-node[data-node="start"]').click();
  await screenshot(page, 'editor-turn-en');
  await audit(page, 'editor (turn, en)');

  // The scorer's judgement beside an option: its score.
  assert.match(await checksOf(page, 'f-turns-0-options-2-text-en').innerText(), /Score: \d+ overall \(empathy \d+\)/);

  // A contradiction appears when the bad option is labelled good, and goes when put back.
  await page.locator('fieldset.option-item').nth(2).getByLabel('Quality').selectOption('good');
  await page.locator('fieldset.option-item').nth(0).getByLabel('Quality').selectOption('bad');
  await page.locator('.check.warning', { hasText: 'Contradiction' }).first().waitFor({ timeout: 15000 });
  await page.locator('fieldset.option-item').nth(0).getByLabel('Quality').selectOption('good');
  await page.locator('fieldset.option-item').nth(2).getByLabel('Quality').selectOption('bad');
  await page.locator('.editor-status', { hasText: 'No problems: ready to publish' }).waitFor({ timeout: 15000 });

  // Test-play from the start, choosing options, to an ending: nothing saved.
  const scenario = {
    id: 'my-cake-shop',
    turns: [{ id: 'start', line: [{ zh: words.line[0], en: words.line[1] }],
      options: words.options.map(([zh, en], i) => ({ quality: ['good', 'tempting', 'bad'][i], text: { zh, en } })) }],
  };
  await page.getByRole('button', { name: 'Test-play from the start' }).click();
  await page.getByRole('button', { name: 'Start the conversation' }).count().then((n) => assert.equal(n, 0, 'no intro: straight into the conversation'));
  await playToEnd(page, scenario, 'en', { beginner: true, choose: (turn) => turn.options[0].text.en });
  assert.match(await page.locator('.debrief').innerText(), /A new cake/);
  await screenshot(page, 'editor-test-play-en');
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).filter(([k]) => !k.startsWith('service-dojo.drafts'))));
  assert.ok(!stored.includes('my-cake-shop'), 'a test-play saves nothing to progress');
  await page.getByRole('button', { name: 'Back to the editor' }).click();

  // Test-play from the turn being edited: the bad option leads to the other ending.
  await page.locator('g.map-node[data-node="start"]').click();
  await page.getByRole('button', { name: 'Test-play from this turn' }).click();
  await playToEnd(page, scenario, 'en', { beginner: true, choose: (turn) => turn.options[2].text.en });
  assert.match(await page.locator('.debrief').innerText(), /The customer left/);
  await page.getByRole('button', { name: 'Back to the editor' }).click();

  // Export: the downloaded file passes `dojo validate`.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as a .json file' }).click()]);
  assert.equal(download.suggestedFilename(), 'my-cake-shop.json');
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const dojo = process.env.DOJO_BIN ?? [join(root, 'target', 'fast', 'dojo'), join(root, 'target', 'debug', 'dojo')].find(existsSync);
  assert.ok(dojo, 'build the dojo binary first (cargo build --bin dojo)');
  const { stdout } = await run(dojo, ['validate', file]);
  assert.match(stdout, /ok|valid|1/i, stdout);

  // Nothing lost on reload: the draft is still there, as typed.
  await page.reload();
  await page.locator('header.site-header').waitFor();
  await page.getByRole('button', { name: 'Open draft my-cake-shop' }).click();
  assert.equal(await page.getByLabel('Title (English)', { exact: true }).inputValue(), words.title[1]);

  // Publish into My scenarios.
  await page.getByRole('button', { name: 'Publish to My scenarios' }).click();
  await page.locator('.editor-message', { hasText: 'Published to My scenarios: my-cake-shop' }).waitFor();

  // The same screen in Chinese.
  await switchTo(page, 'zh');
  await page.locator('g.map-node[data-node="start"]').click();
  await page.getByRole('heading', { name: /顾客轮次：start/ }).waitFor();
  await screenshot(page, 'editor-turn-zh');
  await audit(page, 'editor (turn, zh)');
  await page.getByRole('button', { name: '场景概况' }).click();
  await audit(page, 'editor (overview, zh)');
  await screenshot(page, 'editor-overview-zh');
  await page.waitForFunction(() => (localStorage.getItem('service-dojo.my-scenarios') ?? '').includes('my-cake-shop'));
  // It is listed in My scenarios now.
  await page.goto(`${url}/#/my-scenarios`);
  await page.getByText(words.title[0]).first().waitFor();
  // "Edit" from there (/editor?id=…) opens its draft again.
  await page.goto(`${url}/#/editor?id=my-cake-shop`);
  assert.equal(await page.getByLabel('标题（英文）', { exact: true }).inputValue(), words.title[1]);

  await assertHealthy(page);
});

test('the map marks an unreachable turn and a dead end, and a problem shows beside its field', async () => {
  const page = await open(browser, `${url}/#/editor`);
  await switchTo(page, 'en');
  await page.getByRole('button', { name: 'New scenario from the blank template' }).click();
  await page.getByRole('button', { name: 'Add a turn' }).click();
  await page.getByRole('heading', { name: /Customer turn: turn-1/ }).waitFor();
  // turn-1 → itself: nothing leads to it, and it never reaches an ending.
  await page.getByLabel('Goes to').selectOption('turn-1');
  const node = page.locator('g.map-node[data-node="turn-1"]');
  assert.match(await node.locator('.node-marks').textContent(), /Turn · ⚠ unreachable · ⚠ dead end/);
  await page.getByRole('button', { name: /^turn-1\s.*unreachable.*dead end$/ }).waitFor();
  assert.match(await node.getAttribute('class'), /unreachable/);
  assert.match(await node.getAttribute('class'), /dead-end/);
  await page.locator('#f-turns-1-checks').getByText('cannot be reached from the start').waitFor();
  await audit(page, 'editor (map marks)');
  await screenshot(page, 'editor-map-marks-en');
  await assertHealthy(page);
});
