// SCORM runtime reporting (issue 17): the pack page inside a real SCORM
// runtime (npm scorm-again, in a parent page of the same origin, as an LMS
// frames a package). For 1.2 and 2004: play a two-scenario pack, reload the
// course mid-way (the runtime is re-created from what it kept, with entry
// "resume"), finish, and read back score, statuses, every interaction and
// the suspend data. Outside an LMS nothing changes (the classroom tests).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, scenarios, playToEnd, option, screenshot, audit, lastCustomerLine, turnForLine } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let server, url, browser, library, runtime;
before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  library = await scenarios();
  const dist = join(here, 'node_modules', 'scorm-again', 'dist');
  runtime = { '1.2': await readFile(join(dist, 'scorm12.min.js'), 'utf8'), '2004': await readFile(join(dist, 'scorm2004.min.js'), 'utf8') };
});
after(async () => { await browser?.close(); server?.close(); });

/** The LMS's page: the runtime, a frame for the course, helpers to make the API and read it back. */
function lmsPage(version) {
  const cls = version === '1.2' ? 'Scorm12API' : 'Scorm2004API';
  const name = version === '1.2' ? 'API' : 'API_1484_11';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script>${runtime[version].replace(/<\/script/g, '<\\/script')}</script>
<script>
  window.makeApi = (saved) => {
    const Cls = window.${cls}.default ?? window.${cls};
    const api = new Cls({ autocommit: false, logLevel: 5 });
    if (saved) api.loadFromFlattenedJSON(saved);
    window.${name} = api;
    return true;
  };
  const flatten = (value, prefix, out) => {
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? prefix + '.' + k : k, out);
    else out[prefix] = value;
    return out;
  };
  window.readBack = () => flatten(JSON.parse(JSON.stringify(window.${name}.cmi)), 'cmi', {});
</script></head>
<body><main><h1>LMS</h1><iframe id="sco" title="course" style="width:1200px;height:850px"></iframe></main></body></html>`;
}

function packCode(ids) {
  const pack = {
    format: 'service-dojo-pack', version: 1, name: 'LMS 练习', scenarios: ids, mode: 'practice', beginner: true,
    pass: { empathy: 50, patience: 50, emotion_control: 50, integrity: 50 },
  };
  return Buffer.from(JSON.stringify(pack)).toString('base64url');
}

async function course(page) {
  let frame = null;
  for (let i = 0; i < 200 && !frame; i++) {
    frame = page.frames().find((f) => /\/pack/.test(f.url()) && f !== page.mainFrame());
    if (!frame) await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.ok(frame, 'the course frame');
  await frame.locator('header.site-header').waitFor();
  return frame;
}

async function launchCourse(page, code) {
  await page.evaluate((src) => { document.getElementById('sco').src = src; }, `/pack#p=${code}`);
  return course(page);
}

async function playVersion(version) {
  const picks = Object.values(library).filter((s) => s.turns.every((t) => t.options?.length)).sort((a, b) => a.turns.length - b.turns.length || a.id.localeCompare(b.id));
  const [one, two] = [picks[0], picks.find((s) => s.turns.length >= 2 && s.id !== picks[0].id)];
  const code = packCode([one.id, two.id]);
  const context = await browser.newContext({ viewport: { width: 1300, height: 950 } });
  const errors = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await context.route(`${url}/lms-host.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: lmsPage(version) }));
  await page.goto(`${url}/lms-host.html`);
  await page.evaluate((saved) => window.makeApi(saved), { [version === '1.2' ? 'cmi.core.student_name' : 'cmi.learner_name']: 'Wang, Fang' });

  let frame = await launchCourse(page, code);
  // The learner's name comes from the LMS.
  await frame.waitForFunction(() => document.querySelector('.pack-page input[type=text]')?.value === 'Wang, Fang');
  await frame.getByRole('button', { name: '开始练习包' }).click();
  await frame.getByRole('button', { name: '开始这个场景' }).click();
  let replies = await playToEnd(frame, one, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  await frame.getByRole('button', { name: '下一个场景' }).click();
  await frame.getByRole('button', { name: '开始这个场景' }).click();
  // One reply into the second scenario, then the course is closed.
  const line = await lastCustomerLine(frame);
  await frame.getByRole('button', { name: option(turnForLine(two, line, 'zh'), 'good', 'zh'), exact: true }).click();
  replies += 1;
  await frame.locator('.typing').waitFor({ state: 'detached' });
  const before = (await lastCustomerLine(frame));
  await page.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
  await page.waitForFunction(() => document.getElementById('sco').contentWindow.location.href === 'about:blank');
  const kept = await page.evaluate(() => window.readBack());
  const suspend = kept['cmi.suspend_data'];
  assert.ok(suspend.length > 10 && suspend.length <= (version === '1.2' ? 4096 : 64000), `suspend data: ${suspend.length}`);
  assert.equal(kept[version === '1.2' ? 'cmi.core.exit' : 'cmi.exit'], 'suspend');

  // The LMS launches the course again with what it kept.
  const carried = Object.fromEntries(Object.entries(kept).filter(([k]) => /^cmi\.(suspend_data|core\.lesson_location|location|interactions\.\d+\.(id|type|result|student_response|learner_response|latency|timestamp|time|description))$/.test(k)));
  carried[version === '1.2' ? 'cmi.core.entry' : 'cmi.entry'] = 'resume';
  await page.evaluate((saved) => window.makeApi(saved), carried);
  frame = await launchCourse(page, code);
  // Straight back at the same turn of the second scenario (the customer's
  // line shows after the usual typing pause).
  await frame.locator('.chat').waitFor();
  await frame.waitForFunction((line) => [...document.querySelectorAll('.bubble.customer p')].pop()?.innerText.trim() === line && !document.querySelector('.typing'), before, { timeout: 20000 }).catch(() => {});
  assert.equal(await lastCustomerLine(frame), before);
  assert.match(await frame.locator('.pack-progress').innerText(), /2\/2/);
  await screenshot(page, `lms-${version}-resumed`);
  replies += await playToEnd(frame, two, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  await frame.getByRole('button', { name: '完成并生成结果' }).click();
  await frame.getByRole('button', { name: '下载结果文件' }).waitFor();
  await audit(frame, `lms ${version}`);
  await page.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
  await page.waitForFunction(() => document.getElementById('sco').contentWindow.location.href === 'about:blank');
  const cmi = await page.evaluate(() => window.readBack());
  await screenshot(page, `lms-${version}-done`);

  const ids = Object.keys(cmi).filter((k) => /^cmi\.interactions\.\d+\.id$/.test(k)).map((k) => cmi[k]);
  assert.equal(ids.length, replies, `one interaction per reply: ${ids.join(', ')}`);
  assert.equal(new Set(ids).size, replies);
  assert.ok(ids.some((id) => id.includes(`${one.id}/`)) && ids.some((id) => id.includes(`${two.id}/`)));
  if (version === '1.2') {
    assert.match(cmi['cmi.core.lesson_status'], /^(passed|failed)$/);
    assert.match(String(cmi['cmi.core.score.raw']), /^\d+$/);
    assert.equal(cmi['cmi.core.exit'], '');
    assert.equal(cmi['cmi.interactions.0.type'], 'fill-in');
    assert.ok(cmi['cmi.interactions.0.student_response'].length > 0);
    assert.equal(cmi['cmi.objectives.0.id'], 'empathy');
  } else {
    assert.equal(cmi['cmi.completion_status'], 'completed');
    assert.match(cmi['cmi.success_status'], /^(passed|failed)$/);
    assert.ok(Number(cmi['cmi.score.scaled']) > 0 && Number(cmi['cmi.score.scaled']) <= 1);
    assert.equal(cmi['cmi.exit'], 'normal');
    assert.equal(cmi['cmi.interactions.0.type'], 'long-fill-in');
    assert.match(cmi['cmi.interactions.0.description'], /^empathy \d+, patience \d+, emotion control \d+, integrity \d+; overall \d+/);
    assert.match(cmi['cmi.interactions.0.latency'], /^PT/);
  }
  assert.deepEqual(errors, []);
  await context.close();
  return { cmi, replies };
}

test('SCORM 1.2: a pack played in scorm-again, reloaded mid-way, resumed and finished', async () => {
  await playVersion('1.2');
});

test('SCORM 2004: a pack played in scorm-again, reloaded mid-way, resumed and finished', async () => {
  await playVersion('2004');
});

test('an LMS that rejects a value: the trainee is told, play goes on, the results file is still there', async () => {
  const one = Object.values(library).filter((s) => s.turns.every((t) => t.options?.length)).sort((a, b) => a.turns.length - b.turns.length || a.id.localeCompare(b.id))[0];
  const context = await browser.newContext({ viewport: { width: 1300, height: 950 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await context.route(`${url}/lms-host.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: lmsPage('1.2') }));
  await page.goto(`${url}/lms-host.html`);
  await page.evaluate(() => {
    window.makeApi();
    // This LMS refuses the score, as a strict or misconfigured LMS may.
    const api = window.API;
    const set = api.LMSSetValue.bind(api);
    let refused = false;
    api.LMSSetValue = (element, value) => (element === 'cmi.core.score.raw' ? ((refused = true), 'false') : set(element, value));
    const last = api.LMSGetLastError.bind(api);
    api.LMSGetLastError = () => (refused ? '405' : last());
    api.LMSGetErrorString = (code) => (code === '405' ? 'Incorrect Data Type' : '');
  });
  const frame = await launchCourse(page, packCode([one.id]));
  await frame.getByLabel('你的名字').fill('李四');
  await frame.getByRole('button', { name: '开始练习包' }).click();
  await frame.getByRole('button', { name: '开始这个场景' }).click();
  await playToEnd(frame, one, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  const alert = frame.locator('.lms-notice');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.ok(text.includes('LMSSetValue(cmi.core.score.raw)') && text.includes('405') && text.includes('Incorrect Data Type'), text);
  assert.ok(text.includes('成绩仍保存在本机'), text);
  await frame.getByRole('button', { name: '完成并生成结果' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), frame.getByRole('button', { name: '下载结果文件' }).click()]);
  assert.ok(await download.path());
  await screenshot(page, 'lms-refused');
  // The rest still reached the LMS.
  const cmi = await page.evaluate(() => window.readBack());
  assert.equal(cmi['cmi.core.lesson_status'] === 'passed' || cmi['cmi.core.lesson_status'] === 'failed', true);
  assert.deepEqual(errors, []);
  await context.close();
});
