// Trunk post-build hook. Trunk starts the hooks of one stage at the same
// time, and these depend on each other, so this one runs them in order:
//   data-files.mjs     scenario bodies and rules beside the app
//   csp.mjs            the Content-Security-Policy in index.html
//   service-worker.mjs sw.js listing every file (index.html with its policy)
//   precompress.mjs    .br and .gz beside every file (sw.js included)
// Each also runs alone: node tools/<name>.mjs <dist>.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set');
for (const step of ['data-files.mjs', 'csp.mjs', 'service-worker.mjs', 'precompress.mjs']) {
  const run = spawnSync(process.execPath, [join(here, step), dir], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`${step} failed (${run.status ?? run.signal})`);
}
