// Bundles test/e2e/suite (index.ts + every *.test.ts) into one CommonJS file
// for the extension host: `vscode` external, mocha bundled (mocha 12 is ESM,
// which an Electron-based extension host may not be able to require).
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SUITE_DIR = join(REPO, 'test/e2e/suite');

/** Builds <outdir>/index.js, whose `run()` runs the suite; returns its path. */
export async function buildSuite(outdir) {
  const files = readdirSync(SUITE_DIR)
    .filter((f) => f.endsWith('.test.ts'))
    .sort((a, b) => (a === 'activation.test.ts' ? -1 : b === 'activation.test.ts' ? 1 : a.localeCompare(b)));
  if (files.length === 0) throw new Error(`no *.test.ts in ${SUITE_DIR}`);
  const entry = [
    "const { runSuite } = require('./index.ts');",
    'exports.run = () => runSuite({',
    ...files.map((f) => `  ${JSON.stringify(f)}: () => require(${JSON.stringify(`./${f}`)}),`),
    '});',
  ].join('\n');
  const outfile = join(outdir, 'index.js');
  await build({
    stdin: { contents: entry, resolveDir: SUITE_DIR, sourcefile: 'e2e-entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    outfile,
    sourcemap: 'inline',
    logLevel: 'warning',
    // mocha's parallel mode (unused here) resolves worker files at run time
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildSuite(resolve(process.argv[2] ?? join(REPO, '.vscode-test/e2e-build')));
  console.log(out);
}
