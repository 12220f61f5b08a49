// xAPI reporting (issue 17) against a real LRS: Ralph (PyPI ralph-malph,
// file-system backend, installed by scripts/setup.sh into tools/lrs),
// started here on 127.0.0.1 by tests/lrs/serve.py with generated keys and
// CORS for the app's origin, stopped at the end. A pack that names the LRS
// is played; the statements are read back through the LRS's own
// GET /xAPI/statements with a reader key (the pack's key may only write).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, scenarios, playToEnd, option, screenshot, audit, root } from './harness.mjs';

const python = join(root, 'tools', 'lrs', 'bin', 'python');
let server, url, browser, library, lrs, lrsProcess;

/** Start the LRS and wait for the line that says where it is. */
function startLrs(origin) {
  assert.ok(existsSync(python), 'no LRS: run scripts/setup.sh --browser (it installs ralph-malph into tools/lrs)');
  const child = spawn(python, [join(root, 'tests', 'lrs', 'serve.py'), '--origin', origin], { stdio: ['pipe', 'pipe', 'pipe'] });
  // The LRS's own log, shown when a test fails.
  child.log = '';
  child.stderr.on('data', (chunk) => { child.log = (child.log + chunk).slice(-20_000); });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n')) ok({ child, ...JSON.parse(line) });
    });
    child.on('exit', (code) => fail(new Error(`the LRS stopped (exit ${code})`)));
    setTimeout(() => fail(new Error('the LRS did not start within 60 s')), 60_000);
  });
}

before(async () => {
  ({ server, url } = await serve());
  browser = await launch();
  library = await scenarios();
  lrs = await startLrs(url);
  lrsProcess = lrs.child;
});
after(async () => {
  await browser?.close();
  server?.close();
  if (lrsProcess) {
    lrsProcess.stdin.end();
    lrsProcess.kill('SIGTERM');
  }
});

/** Every statement the LRS holds (following `more`), read with the reader's key. */
async function statements() {
  const out = [];
  let next = `${lrs.endpoint}statements?limit=100`;
  while (next) {
    const res = await fetch(next, { headers: { Authorization: `Basic ${lrs.read_key}`, 'X-Experience-API-Version': '1.0.3' } });
    assert.equal(res.status, 200, await res.clone().text());
    const body = await res.json();
    out.push(...body.statements);
    next = body.more ? new URL(body.more, lrs.endpoint).href : null;
  }
  return out;
}

const short = () => Object.values(library)
  .filter((s) => s.turns.every((t) => t.options?.length))
  .sort((a, b) => a.turns.length - b.turns.length || a.id.localeCompare(b.id));

function packCode(name, ids, key = lrs.key) {
  const pack = {
    format: 'service-dojo-pack', version: 1, name, scenarios: ids, mode: 'practice', beginner: true,
    pass: { empathy: 50, patience: 50, emotion_control: 50, integrity: 50 },
    lrs: { endpoint: lrs.endpoint, key },
  };
  return Buffer.from(JSON.stringify(pack)).toString('base64url');
}

async function openPack(context, code, trainee) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${url}/pack#p=${code}`);
  await page.getByLabel('你的名字').fill(trainee);
  await page.getByRole('button', { name: '开始练习包' }).click();
  return page;
}

const waiting = (page) => page.locator('.xapi-waiting').getAttribute('data-waiting').then(Number);
async function drained(page, timeout = 30_000) {
  try {
    await page.waitForFunction(() => document.querySelector('.xapi-waiting')?.dataset.waiting === '0', null, { timeout });
  } catch (e) {
    const notice = await page.locator('.xapi-notice').allInnerTexts();
    const queue = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('service-dojo.xapi-queue.')).map(([, v]) => JSON.parse(v).queue));
    console.log(`# the LRS's log:\n${lrsProcess.log.replace(/^/gm, '# ')}`);
    throw new Error(`statements still waiting: ${JSON.stringify({ notice, queue: queue.map((q) => ({ waiting: q.waiting.length, aside: q.set_aside.length, delivered: q.delivered.length, failures: q.failures, next: q.next_try_ms - Date.now() })) })}`);
  }
}

test('statements reach the LRS with the right verbs, scores and context; offline mid-pack, every one arrives once', async () => {
  const picks = short();
  const [one, two] = [picks[0], picks.find((s) => s.turns.length >= 2 && s.id !== picks[0].id)];
  const context = await browser.newContext({ viewport: { width: 1300, height: 950 } });
  // Every answer the LRS gave, per statement id.
  const answers = new Map();
  context.on('response', (res) => {
    const u = new URL(res.url());
    if (u.origin === new URL(lrs.endpoint).origin && res.request().method() === 'PUT') {
      const id = u.searchParams.get('statementId');
      answers.set(id, [...(answers.get(id) ?? []), res.status()]);
    }
  });
  const page = await openPack(context, packCode('xAPI 练习', [one.id, two.id]), '王芳');
  await page.getByRole('button', { name: '开始这个场景' }).click();
  let replies = await playToEnd(page, one, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  await drained(page);

  // The first scenario is in the LRS.
  let got = (await statements()).filter((s) => s.actor.account?.name === '王芳' && s.object.id.includes('/pack/'));
  const answered = got.filter((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/answered');
  assert.equal(answered.length, replies, `one answered per reply (${replies})`);
  const first = [...answered].sort((a, b) => a.timestamp.localeCompare(b.timestamp))[0];
  assert.match(first.object.id, new RegExp(`/scenario/${one.id}/turn/`));
  assert.equal(first.object.definition.interactionType, 'long-fill-in');
  assert.ok(first.result.response.length > 0);
  assert.ok(first.result.score.scaled >= 0 && first.result.score.scaled <= 1);
  assert.equal(first.result.score.raw, Math.round(first.result.score.scaled * 100));
  const ext = first.result.extensions;
  const competencies = Object.entries(ext).find(([k]) => k.endsWith('/ext/competencies'))[1];
  assert.deepEqual(Object.keys(competencies).sort(), ['emotion_control', 'empathy', 'integrity', 'overall', 'patience']);
  assert.ok(Array.isArray(Object.entries(ext).find(([k]) => k.endsWith('/ext/findings'))[1]));
  assert.ok(first.context.contextActivities.parent[0].id.endsWith(`/scenario/${one.id}`));
  assert.match(first.context.contextActivities.grouping[0].id, /\/pack\/[0-9a-f]{12}$/);
  assert.equal(first.context.contextActivities.other[0].id, first.object.id);
  assert.match(first.context.registration, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const verbsOf = (list, suffix) => list.filter((s) => s.object.id.endsWith(suffix)).map((s) => s.verb.display['en-US']).sort();
  assert.deepEqual(verbsOf(got, `/scenario/${one.id}`).filter((v) => v !== 'answered'), ['completed', verbsOf(got, `/scenario/${one.id}`).includes('passed') ? 'passed' : 'failed'].sort());

  // The network goes; the second scenario is played offline.
  await page.getByRole('button', { name: '下一个场景' }).click();
  await page.getByRole('button', { name: '开始这个场景' }).click();
  await context.setOffline(true);
  replies += await playToEnd(page, two, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  await page.locator('.xapi-notice').waitFor();
  assert.match(await page.locator('.xapi-notice').innerText(), /没有网络/);
  const queued = await waiting(page);
  assert.ok(queued >= 3, `statements wait while offline: ${queued}`);
  // They are in browser storage, not only in the page.
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('service-dojo.xapi-queue.')).map((k) => JSON.parse(localStorage.getItem(k)).queue.waiting.length));
  assert.deepEqual(stored, [queued]);
  await page.getByRole('button', { name: '完成并生成结果' }).click();
  await screenshot(page, 'xapi-offline');
  await audit(page, 'xapi offline');

  // Back online: everything arrives, once, in order, and the message goes.
  await context.setOffline(false);
  await drained(page);
  await page.locator('.xapi-notice').waitFor({ state: 'detached' });
  got = (await statements()).filter((s) => s.actor.account?.name === '王芳');
  const ids = got.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'no statement twice in the LRS');
  assert.equal(got.filter((s) => s.verb.display['en-US'] === 'answered').length, replies);
  // completed + passed/failed for each scenario and for the pack.
  assert.equal(got.filter((s) => s.verb.display['en-US'] === 'completed').length, 3);
  assert.equal(got.filter((s) => /^(passed|failed)$/.test(s.verb.display['en-US'])).length, 3);
  const pack = got.filter((s) => /\/pack\/[0-9a-f]{12}$/.test(s.object.id));
  assert.deepEqual(pack.map((s) => s.verb.display['en-US']).sort(), ['completed', pack.some((s) => s.verb.display['en-US'] === 'passed') ? 'passed' : 'failed'].sort());
  assert.ok(pack[0].result.score.raw >= 0 && pack[0].result.completion === true);
  // Sent in the order made: the LRS stored them in timestamp order.
  const byStored = [...got].sort((a, b) => a.stored.localeCompare(b.stored)).map((s) => s.id);
  // (Statements made in the same millisecond, as completed and passed are, tie on time.)
  const byMade = [...got].sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.stored.localeCompare(b.stored)).map((s) => s.id);
  assert.deepEqual(byStored, byMade);
  // Each statement was accepted by the LRS exactly once (no duplicate PUT got through).
  for (const id of ids) assert.equal((answers.get(id) ?? []).filter((s) => s < 300).length, 1, `${id}: ${answers.get(id)}`);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a wrong key: the LRS answers 401, the trainee is told, the statements stay queued', async () => {
  const one = short()[0];
  const context = await browser.newContext({ viewport: { width: 1300, height: 950 } });
  const wrong = Buffer.from('trainee:not-the-key').toString('base64');
  const page = await openPack(context, packCode('错误密钥', [one.id], wrong), '李四');
  await page.getByRole('button', { name: '开始这个场景' }).click();
  await playToEnd(page, one, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  const notice = page.locator('.xapi-notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /LRS 拒绝了密钥（HTTP 401）/);
  const queued = await waiting(page);
  assert.ok(queued >= 2, `kept: ${queued}`);
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('service-dojo.xapi-queue.')).map((k) => JSON.parse(localStorage.getItem(k)).queue.waiting.length));
  assert.deepEqual(stored, [queued]);
  assert.equal((await statements()).filter((s) => s.actor.account?.name === '李四').length, 0);
  await screenshot(page, 'xapi-refused');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('an LRS that fails (500) is retried with back-off until it takes the statements', async () => {
  const one = short()[0];
  const context = await browser.newContext({ viewport: { width: 1300, height: 950 } });
  let failing = true;
  let refused = 0;
  await context.route(`${lrs.endpoint}statements*`, (route) => {
    if (failing && route.request().method() === 'PUT') {
      refused += 1;
      return route.fulfill({ status: 500, headers: { 'access-control-allow-origin': url }, body: 'down' });
    }
    return route.continue();
  });
  const page = await openPack(context, packCode('LRS 故障', [one.id]), '赵六');
  await page.getByRole('button', { name: '开始这个场景' }).click();
  const replies = await playToEnd(page, one, 'zh', { beginner: true, choose: (turn) => option(turn, 'good', 'zh') });
  await page.locator('.xapi-notice').waitFor();
  assert.match(await page.locator('.xapi-notice').innerText(), /LRS 出错（HTTP 500）/);
  failing = false;
  // The next try comes by itself after the back-off (2 s, 4 s, 8 s … ).
  await drained(page, 60_000);
  assert.ok(refused >= 1);
  const got = (await statements()).filter((s) => s.actor.account?.name === '赵六');
  assert.equal(got.filter((s) => s.verb.display['en-US'] === 'answered').length, replies);
  assert.equal(new Set(got.map((s) => s.id)).size, got.length);
  assert.deepEqual(page.errors, []);
  await context.close();
});
