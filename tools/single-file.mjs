// Turns a release build (dist/) into one self-contained HTML file that runs
// when opened straight from disk (file://): the stylesheet, the JavaScript glue
// and the wasm (base64) are inlined, and nothing is fetched. A file:// page
// cannot import module files or fetch the wasm, hence the inlining.
// Usage: node tools/single-file.mjs <dist> <out.html>
import { readFile, writeFile, readdir, mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';

const [dist = 'dist', out = 'dist-single/service-dojo.html'] = process.argv.slice(2);
const files = await readdir(dist);
const pick = (test, what) => {
  const found = files.filter(test);
  if (found.length !== 1) throw new Error(`expected one ${what} in ${dist}, found ${found.length}`);
  return join(dist, found[0]);
};
const jsFile = pick((f) => f.endsWith('.js') && f !== 'sw.js', 'JavaScript glue');
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

// The guideline passages, fetched by the app when served, ride along inline
// (a JSON block is data, never run; "</" is escaped so it cannot end the block).
const passages = (await readFile(join(dist, 'guidelines', 'passages.json'), 'utf8')).trim().replace(/<\//g, '<\\/');
const data = `<script type="application/json" id="dojo-passages">${passages}</script>`;

// Drop what points at other files (the loader, preloads, manifest, icons, worker registration).
html = html
  .replace(/<script type="module">[\s\S]*?<\/script>/, '')
  .replace(/<link rel="(modulepreload|preload|manifest|icon|apple-touch-icon)"[^>]*>/g, '')
  .replace(/<link rel="stylesheet"[^>]*>/, () => `<style>\n${css}\n</style>`)
  .replace(/<script>\s*\/\/ Offline:[\s\S]*?<\/script>/, '')
  .replace('</body>', () => `${data}\n${boot}\n</body>`);
if (/src="\/|href="\//.test(html)) throw new Error('the single file still refers to another file');

await mkdir(dirname(out), { recursive: true });
await writeFile(out, html);
console.log(`${out}: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB`);
