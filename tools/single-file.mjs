// Turns a release build (dist/) into one self-contained HTML file that runs
// when opened straight from disk (file://): the stylesheet, the JavaScript glue
// and the wasm (base64) are inlined, and nothing is fetched. A file:// page
// cannot import module files or fetch the wasm, hence the inlining. The
// data files (dist/scenarios/, dist/rules/, fetched by the served app when
// needed) are inlined as JSON data blocks the app reads instead. The page gets its
// own Content-Security-Policy: nothing but its own inline script (by hash),
// its inline style and wasm compilation.
// Usage: node tools/single-file.mjs <dist> <out.html>
import { readFile, writeFile, readdir, mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, dirname } from 'node:path';

const [dist = 'dist', out = 'dist-single/service-dojo.html'] = process.argv.slice(2);
const files = await readdir(dist);
const pick = (test, what) => {
  const found = files.filter(test);
  if (found.length !== 1) throw new Error(`expected one ${what} in ${dist}, found ${found.length}`);
  return join(dist, found[0]);
};
const jsFile = pick((f) => f.endsWith('.js') && f !== 'sw.js', 'JavaScript glue');
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const wasmFile = pick((f) => f.endsWith('.wasm'), 'wasm');
const cssFile = pick((f) => f.endsWith('.css'), 'stylesheet');

let html = await readFile(join(dist, 'index.html'), 'utf8');
const css = await readFile(cssFile, 'utf8');
const wasm = (await readFile(wasmFile)).toString('base64');
let glue = await readFile(jsFile, 'utf8');

// The glue is an ES module; inside one inline module its exports become plain bindings.
glue = glue
  .replace(/^export \{[^}]*\};?\s*$/gm, '')
  .replace(/^export (class|function|const|let|async function) /gm, '$1 ');
if (/^export /m.test(glue)) throw new Error('unexpected export left in the glue: update tools/single-file.mjs');

const boot = `<script type="module">
${glue}
const bytes = Uint8Array.from(atob(${JSON.stringify(wasm)}), (c) => c.charCodeAt(0));
initSync({ module: bytes });
</script>`;

// Drop what points at other files (the loader, preloads, manifest, icons,
// worker registration), the base-folder rule (a file path may well contain
// "/play/") and the served build's policy.
html = html
  .replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
  .replace(/<script>\s*\/\/ An older path link[\s\S]*?<\/script>/, '')
  .replace(/<script type="module">[\s\S]*?<\/script>/, '')
  .replace(/<link rel="(modulepreload|preload|manifest|icon|apple-touch-icon)"[^>]*>/g, '')
  .replace(/<link rel="stylesheet"[^>]*>/, () => `<style>\n${css}\n</style>`)
  .replace(/<script>\s*\/\/ Offline:[\s\S]*?<\/script>/, '');
if (/\s(src|href)="/.test(html.replace(/<style>[\s\S]*<\/style>/, ''))) throw new Error('the single file still refers to another file');
if (/<script/.test(html)) throw new Error('an inline script of index.html is left: update tools/single-file.mjs');

// Data files (scenario bodies, rules) as data blocks, read by src/ui/library.rs
// ("</" escaped as "<\/", still the same JSON).
let bodies = '';
// The guideline passages, fetched by the app when served, ride along inline
// under their own id (src/ui/components/guideline_viewer.rs reads it).
const passages = (await readFile(join(dist, 'guidelines', 'passages.json'), 'utf8')).trim().replace(/<\//g, '<\\/');
bodies += `<script type="application/json" id="dojo-passages">${passages}</script>\n`;
for (const sub of ['rules', 'scenarios']) {
  for (const name of (await readdir(join(dist, sub))).sort()) {
    if (!name.endsWith('.json')) continue;
    const text = (await readFile(join(dist, sub, name), 'utf8')).replace(/<\//g, '<\\/');
    bodies += `<script type="application/json" data-file="${sub}/${name}">${text}</script>\n`;
  }
}

const bootCode = boot.replace(/^<script type="module">/, '').replace(/<\/script>$/, '');
const policy = [
  "default-src 'none'",
  `script-src ${sha256(bootCode)} 'wasm-unsafe-eval'`,
  "style-src 'unsafe-inline'",
  "img-src data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html
  .replace(/<meta charset="utf-8">/i, (m) => `${m}\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`)
  .replace('</body>', () => `${bodies}${boot}\n</body>`);

await mkdir(dirname(out), { recursive: true });
await writeFile(out, html);
console.log(`${out}: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB`);
