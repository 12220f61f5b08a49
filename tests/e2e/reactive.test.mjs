// The customer hears what the trainee actually said (issue 12): typed replies
// at the same turn that promise different times or offer different remedies
// get different, matching lines; an unanswered question comes back; the
// debrief quotes only what was written. Also the beginner note after a pick,
// the case panel during play, and guideline passages one click away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, assertHealthy, screenshot, audit, scenarios, names, switchTo, lastCustomerLine } from './harness.mjs';

let server, url, browser, library;
before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  library = await scenarios();
});
after(async () => { await browser?.close(); server?.close(); });

/** Start a scenario in practice mode and return the page, at the first customer line. */
async function start(id, lang = 'zh', query = '') {
  const page = await open(browser, `${url}/play/${id}${query}`);
  await switchTo(page, lang);
  await page.getByRole('button', { name: names[lang].start }).click();
  await lastCustomerLine(page);
  return page;
}

async function say(page, lang, text) {
  const box = page.getByRole('textbox', { name: names[lang].reply });
  await box.fill(text);
  await box.press('Enter');
  return lastCustomerLine(page);
}

// Replies written for this test in the trainee's own words (not the authored options).
const cake = {
  zh: [
    '非常抱歉让您和孩子们久等了，我马上联系骑手，10分钟内回复您。',
    '我查到骑手离您家还有1公里，大约10分钟到，我一直盯着他的位置。',
    '真的很抱歉，孩子的生日被我们耽误了，这是我们的责任，蛋糕到了我再跟进。',
  ],
  en: [
    "I'm so sorry you and the children are still waiting. I'm calling the rider now and will get back to you within 10 minutes.",
    "I've checked: the rider is about 1 km from you, roughly 10 minutes away, and I'm watching his position.",
    "I'm truly sorry we've spoiled part of your daughter's birthday. That's on us, and I'll check in with you once the cake arrives.",
  ],
};

for (const lang of ['zh', 'en']) {
  test(`(${lang}) two promised times at the same turn are echoed in the trainee's own words`, async () => {
    const times = lang === 'zh'
      ? ['非常抱歉，我马上联系骑手，5分钟内给您回电话。', '非常抱歉，我马上联系骑手，半小时内给您回电话。']
      : ["I'm so sorry. I'm calling the rider right now and will call you back within 5 minutes.", "I'm so sorry. I'm calling the rider right now and will call you back within half an hour."];
    const echoes = lang === 'zh' ? ['“5分钟内”', '“半小时内”'] : ['within 5 minutes', 'within half an hour'];
    const lines = [];
    for (const [i, reply] of times.entries()) {
      const page = await start('angry-late-cake', lang);
      const line = await say(page, lang, reply);
      // The echo may open a sentence, capitalised: compare without case.
      assert.ok(line.toLowerCase().includes(echoes[i].toLowerCase()), `the customer echoes ${echoes[i]}: ${line}`);
      lines.push(line);
      await assertHealthy(page);
      await page.context().close();
    }
    assert.notEqual(lines[0], lines[1]);
  });

  test(`(${lang}) two remedies at the same turn get different, matching lines`, async () => {
    const remedies = lang === 'zh'
      ? [['实在抱歉蛋糕压坏了，我们马上给您重做一个，一小时内送到。', /重做/], ['实在抱歉蛋糕压坏了，我们给您全额退款，今天之内到账。', /退款/]]
      : [["I'm so sorry it arrived crushed. We'll remake the cake and get it to you within an hour.", /remake/i], ["I'm so sorry it arrived crushed. We'll give you a full refund today.", /refund/i]];
    const lines = [];
    for (const [reply, named] of remedies) {
      const page = await start('angry-late-cake', lang);
      for (const r of cake[lang]) await say(page, lang, r);
      const line = await say(page, lang, reply);
      assert.match(line, named, `the customer names the remedy offered: ${line}`);
      lines.push(line);
      await page.context().close();
    }
    assert.notEqual(lines[0], lines[1]);
  });

  test(`(${lang}) a reply that ignores the customer's question gets the follow-up, once`, async () => {
    const scenario = library['angry-late-cake'];
    const page = await start('angry-late-cake', lang);
    const line = await say(page, lang, lang === 'zh' ? '我非常理解您的心情。' : 'I completely understand how you feel.');
    assert.equal(line, scenario.turns.find((t) => t.id === 'open').unanswered[lang]);
    await screenshot(page, `unanswered-${lang}`);
    await assertHealthy(page);
    await page.context().close();
  });

  test(`(${lang}) the debrief of a typed run quotes the trainee and claims nothing they did not do`, async () => {
    const page = await start('angry-late-cake', lang);
    for (const r of cake[lang]) await say(page, lang, r);
    await say(page, lang, lang === 'zh' ? '实在抱歉蛋糕压坏了，我们马上给您重做一个，一小时内送到。' : "I'm so sorry it arrived crushed. We'll remake the cake and get it to you within an hour.");
    // Play on with plain, honest replies until the ending.
    for (let i = 0; i < 4 && !(await page.locator('.debrief').count()); i++) {
      await say(page, lang, lang === 'zh' ? '当然敢，这次是我们没做好，重做的蛋糕我会亲自盯着，送到后再给您打电话。' : "You can, and this one was our fault. I'll watch the remake myself and call you once it's delivered.");
    }
    await page.locator('.debrief').waitFor();
    const debrief = await page.locator('.ending-debrief').innerText();
    // Quoted from this run: the promised time or the remake.
    assert.ok(debrief.includes(lang === 'zh' ? '10分钟内' : 'within 10 minutes') || debrief.includes(lang === 'zh' ? '重做' : 'remake'), debrief);
    // Never a refund: nobody offered one.
    assert.doesNotMatch(debrief, lang === 'zh' ? /退款/ : /refund/i);
    await screenshot(page, `debrief-typed-${lang}`);
    await audit(page, 'debrief (typed run)');
    await assertHealthy(page);
    await page.context().close();
  });
}

test('beginner mode: after a pick, that option\'s note comes first, beside the model reply', async () => {
  const scenario = library['angry-late-cake'];
  const page = await open(browser, `${url}/play/${scenario.id}?beginner=1`);
  await page.getByRole('button', { name: names.zh.start }).click();
  await lastCustomerLine(page);
  const bad = scenario.turns[0].options.find((o) => o.quality === 'bad');
  await page.getByRole('button', { name: bad.text.zh, exact: true }).click();
  const note = page.locator('.feedback .option-note');
  await note.waitFor();
  assert.match(await note.innerText(), /不好的选择/);
  assert.ok((await note.innerText()).includes(bad.note.zh.slice(0, 12)), 'the authored note is shown');
  // The note comes before the scorer's findings.
  const order = await page.locator('.feedback').evaluate((el) => {
    const note = el.querySelector('.option-note');
    const findings = el.querySelector('.findings, .score-bars');
    return note.compareDocumentPosition(findings) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, 'note first, findings after');
  await lastCustomerLine(page);
  await screenshot(page, 'beginner-note-zh');
  await audit(page, 'beginner note');
  await assertHealthy(page);
  await page.context().close();
});

test('the case stays on screen: a side panel on a desktop, a sheet on a phone', async () => {
  const scenario = library['angry-late-cake'];
  const page = await start(scenario.id, 'zh');
  await say(page, 'zh', cake.zh[0]);
  const panel = page.locator('.case-panel');
  assert.ok(await panel.locator('details').evaluate((d) => d.open), 'open beside the chat');
  assert.ok((await panel.innerText()).includes(scenario.brief.zh.slice(0, 20)), 'the brief is shown');
  const box = await panel.boundingBox();
  const chat = await page.locator('.chat').boundingBox();
  assert.ok(box.x > chat.x + chat.width - 1, 'the panel sits beside the chat');
  await screenshot(page, 'case-panel-desktop');
  await page.context().close();

  const phone = await open(browser, `${url}/play/${scenario.id}`, { viewport: { width: 390, height: 800 } });
  await phone.getByRole('button', { name: names.zh.start }).click();
  await lastCustomerLine(phone);
  const details = phone.locator('.case-panel details');
  assert.equal(await details.evaluate((d) => d.open), false, 'collapsed on a phone');
  await phone.locator('.case-panel summary').click();
  assert.ok(await details.evaluate((d) => d.open), 'one tap opens it');
  assert.ok(await phone.locator('.case-brief').isVisible());
  await screenshot(phone, 'case-panel-phone');
  await audit(phone, 'case sheet');
  await assertHealthy(phone);
  await phone.context().close();
});

for (const lang of ['zh', 'en']) {
  test(`(${lang}) a cited section opens its guideline passage`, async () => {
    const page = await start('angry-late-cake', lang);
    await say(page, lang, lang === 'zh' ? '我保证十分钟内一定送到。' : 'I guarantee it will definitely be there in ten minutes.');
    const link = page.locator('.feedback .section-link', { hasText: '02 §3.5' }).first();
    await link.waitFor();
    assert.match(await link.innerText(), lang === 'zh' ? /凡事留有余地/ : /no absolute promises/);
    await link.click();
    const dialog = page.locator('dialog.guideline-dialog');
    await dialog.locator('.guideline-passage').waitFor();
    assert.match(await dialog.locator('.guideline-passage').innerText(), /凡事留有余地/);
    if (lang === 'en') assert.match(await dialog.innerText(), /In short:/);
    await screenshot(page, `guideline-${lang}`);
    await audit(page, 'guideline passage');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await assertHealthy(page);
    await page.context().close();
  });
}

test('a timed turn: in practice the clock waits while the trainee reads feedback', async () => {
  const scenario = Object.values(library).find((s) => s.reply_seconds);
  assert.ok(scenario, 'some built-in scenario sets a reply timer');
  const page = await start(scenario.id, 'zh');
  await say(page, 'zh', '您好，请问有什么可以帮您？');
  await page.locator('.feedback').waitFor();
  await page.locator('.timer.waiting').waitFor();
  await page.getByRole('textbox', { name: names.zh.reply }).focus();
  await page.locator('.timer[role="timer"]').waitFor();
  await assertHealthy(page);
  await page.context().close();
});
