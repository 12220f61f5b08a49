// Where the wasm's code goes, by crate: reads the function names of a wasm
// that still has its name section (cargo's output before wasm-bindgen and
// wasm-opt: target/wasm32-unknown-unknown/release/service-dojo.wasm) and sums
// the code size of the functions of each crate (and of each module of this
// crate). The split is before wasm-opt, so the figures are shares, not final
// sizes. Usage: node tools/wasm-size-by-crate.mjs <file.wasm> [top]
import { readFileSync } from 'node:fs';

const [file, topArg = '25'] = process.argv.slice(2);
const bytes = readFileSync(file);
let pos = 8;
const u32 = () => { let r = 0, s = 0, b; do { b = bytes[pos++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
let imported = 0; const bodies = []; const names = new Map(); let dataSize = 0;
while (pos < bytes.length) {
  const id = bytes[pos++]; const size = u32(); const end = pos + size;
  if (id === 2) { // imports: count functions
    const n = u32();
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 2; k++) { const l = u32(); pos += l; }
      const kind = bytes[pos++];
      if (kind === 0) { u32(); imported++; } else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); } else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); } else if (kind === 3) { pos += 2; }
    }
  } else if (id === 10) {
    const n = u32();
    for (let i = 0; i < n; i++) { const s = u32(); bodies.push(s); pos += s; }
  } else if (id === 11) {
    dataSize = size;
  } else if (id === 0) {
    const l = u32(); const name = bytes.subarray(pos, pos + l).toString(); pos += l;
    if (name === 'name') {
      while (pos < end) {
        const sub = bytes[pos++]; const len = u32(); const subEnd = pos + len;
        if (sub === 1) { const n = u32(); for (let i = 0; i < n; i++) { const idx = u32(); const nl = u32(); names.set(idx, bytes.subarray(pos, pos + nl).toString()); pos += nl; } }
        pos = subEnd;
      }
    }
  }
  pos = end;
}
// Legacy Rust mangling: _ZN<len><ident>...E; the first identifiers name the crate and module.
function path(name) {
  if (name.startsWith('_R')) { // v0 mangling: the first C<disambiguator><len><ident> is the crate
    const m = /C(?:s[0-9a-zA-Z]*_)?(\d+)/.exec(name);
    if (m) { const at = m.index + m[0].length; return [name.slice(at, at + Number(m[1]))]; }
  }
  if (!name.startsWith('_ZN')) return [name.replace(/\$.*$/, '').slice(0, 40)];
  const out = []; let i = 3;
  while (i < name.length && name[i] !== 'E') { const m = /^\d+/.exec(name.slice(i)); if (!m) break; i += m[0].length; out.push(name.slice(i, i + Number(m[0]))); i += Number(m[0]); }
  return out.map((p) => p.replace(/\$LT\$|_\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ').replace(/\.\./g, '::'));
}
const byCrate = new Map(); const byModule = new Map(); let total = 0;
bodies.forEach((size, i) => {
  const p = path(names.get(i + imported) ?? '?');
  let crate = p[0] ?? '?';
  if (crate.startsWith('<')) { // <crate::Type as other::Trait>: the type's crate, else the trait's
    const inner = /([a-z_][a-z_0-9]*)::/.exec(crate);
    if (inner) crate = inner[1];
  }
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
  if (crate === 'service_dojo') { const m = p.slice(0, 3).join('::'); byModule.set(m, (byModule.get(m) ?? 0) + size); }
  total += size;
});
const top = Number(topArg);
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(v / 1024).toFixed(1).padStart(8)} KB ${(100 * v / total).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`${file}: code ${(total / 1024).toFixed(0)} KB in ${bodies.length} functions, data ${(dataSize / 1024).toFixed(0)} KB`);
show('by crate (code, before wasm-opt)', byCrate);
show('service_dojo by module', byModule);
