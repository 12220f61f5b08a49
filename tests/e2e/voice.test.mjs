// Voice for phone scenarios (issue 16): the customer's lines go to the
// browser's speech synthesis in the right language, with the mood as tone;
// "listen first" hides a line until it has been heard; with no voice
// installed the page says so and shows the text. Headless Chromium has no
// system voices, so a recording stand-in for speechSynthesis is installed
// before the app starts (the real SpeechSynthesisUtterance is still used).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, assertHealthy, screenshot, audit, scenarios, names, switchTo, lastCustomerLine, playToEnd, model } from './harness.mjs';

let server, url, browser, library;
before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  library = await scenarios();
});
after(async () => { await browser?.close(); server?.close(); });

/** A speechSynthesis that records what it is asked to say and "finishes" after 150 ms. */
function fakeVoices(voices) {
  return ({ voices, speakMs = 150 }) => {
    window.__spoken = [];
    const fake = {
      getVoices: () => voices.map((lang) => ({ lang, name: `fake ${lang}`, default: false, localService: true, voiceURI: lang })),
      speak(u) {
        window.__spoken.push({ text: u.text, lang: u.lang, rate: u.rate, pitch: u.pitch });
        setTimeout(() => u.onend?.(new Event('end')), speakMs);
      },
      cancel() {},
      pause() {},
      resume() {},
      speaking: false,
      pending: false,
      paused: false,
    };
    Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
  };
}

async function phonePage(voices, lang, speakMs = 150) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(fakeVoices(voices), { voices, speakMs });
  const scenario = Object.values(library).find((s) => s.channel === 'phone');
  const page = await open(browser, `${url}/play/${scenario.id}`, { context });
  await switchTo(page, lang);
  return { page, scenario };
}

for (const lang of ['zh', 'en']) {
  test(`(${lang}) a phone scenario speaks each customer line in ${lang}, played to an ending`, async () => {
    const { page, scenario } = await phonePage(['zh-CN', 'en-US'], lang);
    await page.getByRole('button', { name: names[lang].start }).click();
    const first = await lastCustomerLine(page);
    await page.waitForFunction(() => window.__spoken.length >= 1);
    const spoken = await page.evaluate(() => window.__spoken);
    assert.equal(spoken[0].text, first, 'the line shown is the line spoken');
    assert.equal(spoken[0].lang, lang === 'zh' ? 'zh-CN' : 'en-US');
    assert.ok(spoken[0].rate > 0.8 && spoken[0].pitch > 0.8);
    await playToEnd(page, scenario, lang, { choose: (turn) => model(turn, lang) });
    const all = await page.evaluate(() => window.__spoken);
    assert.ok(all.length >= 3, `every line is spoken (${all.length})`);
    assert.ok(all.every((s) => s.lang === (lang === 'zh' ? 'zh-CN' : 'en-US')));
    await screenshot(page, `voice-${lang}`);
    await assertHealthy(page);
    await page.context().close();
  });
}

test('listen first: the text appears once the line has been heard', async () => {
  // A line that takes 2 s to say, so the hidden state is seen even on a loaded machine.
  const { page, scenario } = await phonePage(['zh-CN'], 'zh', 2000);
  await page.getByRole('button', { name: names.zh.start }).click();
  await lastCustomerLine(page);
  await page.getByLabel(/先听后看/).check();
  const box = page.getByRole('textbox', { name: names.zh.reply });
  await box.fill(model(scenario.turns[0], 'zh'));
  await box.press('Enter');
  // The next line is hidden while it is being said …
  await page.locator('.bubble.listening').waitFor();
  await audit(page, 'listen first');
  await screenshot(page, 'voice-listen-first');
  // … then shown.
  await page.locator('.bubble.listening').waitFor({ state: 'detached' });
  assert.ok((await lastCustomerLine(page)).length > 2);
  await assertHealthy(page);
  await page.context().close();
});

test('no voice for the language: a plain notice, and the text is shown', async () => {
  const { page } = await phonePage(['fr-FR'], 'zh');
  await page.getByRole('button', { name: names.zh.start }).click();
  await page.locator('.voice-missing').waitFor();
  await page.getByLabel(/先听后看/).check();
  assert.match(await page.locator('.voice-missing').innerText(), /没有安装中文语音/);
  assert.equal(await page.locator('.bubble.listening').count(), 0, 'the text is not held back');
  assert.ok((await lastCustomerLine(page)).length > 2);
  assert.equal(await page.evaluate(() => window.__spoken.length), 0);
  await screenshot(page, 'voice-missing');
  await audit(page, 'no voice');
  await assertHealthy(page);
  await page.context().close();
});
