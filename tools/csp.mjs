// Trunk post-build hook: puts a Content-Security-Policy in index.html, as a
// <meta> right after the charset so that it covers every script. Inline
// scripts (the base-folder rule, trunk's wasm loader, the service-worker
// registration) are allowed by their SHA-256 hashes, computed here for this
// build; wasm needs 'wasm-unsafe-eval'. The single-file edition writes its own
// policy (tools/single-file.mjs). Usage outside trunk: node tools/csp.mjs <dist>
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set');
const file = join(dir, 'index.html');
let html = await readFile(file, 'utf8');
html = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '');

/** 'sha256-…' of the text of every inline <script> (not JSON data blocks). */
export function inlineScriptHashes(page) {
  const hashes = [];
  for (const m of page.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1] ?? '';
    if (/\ssrc=/.test(attrs) || /type="application\/json"/.test(attrs)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return hashes;
}

const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${inlineScriptHashes(html).join(' ')}`,
  // Score bars and mood meters set their width in a style attribute.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // A pack may name a Learning Record Store (issue 17), anywhere on the web:
  // statements go to it by fetch. Plain http only to this computer (an LRS
  // on 127.0.0.1 or localhost for a trial); a host that knows its LRS can
  // narrow this to that origin. Scripts stay locked down by script-src.
  "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
html = html.replace(/<meta charset="utf-8">/i, (m) => `${m}\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`);
if (!html.includes('Content-Security-Policy')) throw new Error('no <meta charset="utf-8"> in index.html to put the policy after');
await writeFile(file, html);
console.log(`csp: ${inlineScriptHashes(html).length} inline scripts allowed by hash`);
