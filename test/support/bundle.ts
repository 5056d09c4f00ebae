/**
 * Bundles a TypeScript entry point (a test-only server, the soak server) the way
 * scripts/build.mjs bundles dist/server.js, into a temporary file; returns its path.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

export function bundleEntry(entry: string): string {
  const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'kube-ports-bundle-')), path.basename(entry).replace(/\.ts$/, '.js'));
  buildSync({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning' });
  return outfile;
}
