#!/usr/bin/env node
// npm run build, second step (after tsc): the compiled dist/ in one file, dist/keyfront.js, which
// bin/keyfront runs. Node 20 resolves, reads and links every ES module on its own (a third of a
// millisecond each): the ~170 files of dist/ plus Kysely's ~260 and TypeBox's ~200 cost about a
// third of the start-up's CPU time and ~15 MB of memory; one file costs a fraction. Bundled:
// Keyfront's code and the pure-JavaScript libraries that make many files (kysely, TypeBox, graphql).
// Every other package is loaded from node_modules as before (native addons, the database drivers
// for the dialect in use, and what loads on first use: jose, qrcode, nodemailer, prom-client).
// Modules loaded with import() stay separate files (dist/keyfront-*.js), loaded on first use.
// Without esbuild (an install without dev dependencies) nothing is bundled and bin/keyfront runs
// dist/cli/main.js, as it also does when dist/keyfront.js is older (a plain `tsc` ran since).
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const BUNDLED_PACKAGES = ['kysely', '@sinclair/typebox', 'graphql'];

for (const name of readdirSync(dist)) if (/^keyfront(-.*)?\.js$/.test(name)) rmSync(join(dist, name));

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('bundle: esbuild is not installed (no dev dependencies): bin/keyfront runs dist/cli/main.js unbundled');
  process.exit(0);
}

const dependencies = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies);
const external = dependencies.filter((name) => !BUNDLED_PACKAGES.includes(name)).flatMap((name) => [name, `${name}/*`]);
const { outputFiles } = await esbuild.build({
  entryPoints: { keyfront: join(dist, 'cli', 'main.js') },
  outdir: dist, // the same depth as dist/*.js: paths made from import.meta.url stay right
  chunkNames: 'keyfront-[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // graphql's ES-module build (its "module" field): only the parts Keyfront uses are bundled.
  mainFields: ['module', 'main'],
  external,
  // Class and function names as written (error names, logs), even where two modules share one.
  keepNames: true,
  logLevel: 'warning',
  write: false,
});
// V8 keeps each module's source text in memory, in one byte per character only when every
// character is Latin-1. A few characters beyond (an ellipsis, an arrow, a dash in page text and
// comments) would double the bundle's 1.7 MB: they are written as \u escapes, which mean the same
// character in a string, template, regular expression or comment (only a template's `.raw`, which
// nothing here reads, would see the escape).
for (const file of outputFiles) {
  if (/\\[^\u0000-\u00ff]/.test(file.text)) throw new Error(`bundle: ${file.path} has an escaped non-Latin-1 character: write it as \\u…`);
  writeFileSync(file.path, file.text.replace(/[^\u0000-\u00ff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
