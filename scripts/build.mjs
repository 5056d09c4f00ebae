#!/usr/bin/env node
// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The server's entry: a small loader (V8 flags, the scan worker, then the bundle below through its code cache: host/code-cache.ts).
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/server-main.ts'], outfile: 'dist/server-main.js' },
  // Renders Helm charts / Kustomize roots off the server's main thread (host/render/render-client.ts).
  { ...common, entryPoints: ['server/src/host/render/render-worker.ts'], outfile: 'dist/render-worker.js' },
  // Walks and reads the workspace at the initial scan, beside the main thread's parsing (host/workspace-scan.ts).
  { ...common, entryPoints: ['server/src/host/scan-worker.ts'], outfile: 'dist/scan-worker.js' },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`esbuild: dist/extension.js, dist/server.js, dist/server-main.js, dist/render-worker.js, dist/scan-worker.js, dist/cli.js in ${Date.now() - started} ms`);
}
