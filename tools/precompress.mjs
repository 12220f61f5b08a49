// Trunk post-build hook (the last one): writes <file>.br (Brotli, quality 11)
// and <file>.gz (gzip -9) beside every compressible file of the build, so a
// host that serves precompressed files (nginx gzip_static/brotli_static,
// Caddy precompressed, a CDN) sends the smaller one without compressing on
// every request. Usage outside trunk: node tools/precompress.mjs <dist>
import { readdir, readFile, writeFile, stat } from 'node:fs/promises';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set');
const compressible = /\.(html|js|mjs|wasm|css|json|webmanifest|svg|txt)$/;
let raw = 0, br = 0, gz = 0, count = 0;
async function walk(sub) {
  for (const name of await readdir(sub)) {
    const path = join(sub, name);
    if (name.startsWith('.')) continue;
    if ((await stat(path)).isDirectory()) { await walk(path); continue; }
    if (!compressible.test(name)) continue;
    const body = await readFile(path);
    const brotli = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
    const gzip = gzipSync(body, { level: 9 });
    await writeFile(`${path}.br`, brotli);
    await writeFile(`${path}.gz`, gzip);
    raw += body.length; br += brotli.length; gz += gzip.length; count++;
  }
}
await walk(dir);
console.log(`precompressed ${count} files: ${(raw / 1024).toFixed(0)} KB raw, ${(gz / 1024).toFixed(0)} KB gzip, ${(br / 1024).toFixed(0)} KB brotli`);
