/**
 * Security by construction: the extension's own code (client, server, CLI, core) imports no
 * network or process-spawning module and calls no file-writing API; the core imports no I/O at
 * all. The server's only file access is host/manifest-files.ts, which reads (see
 * test/protocol/robustness.test.ts for links out of the folder and FIFOs). Edits reach disk only
 * through the editor, as WorkspaceEdits the user applies.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const full = path.join(dir, e);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (/\.ts$/.test(e)) out.push(full);
  }
  return out;
}

const imports = (text: string) => [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
const FORBIDDEN = /^(node:)?(child_process|cluster|dgram|dns|http|http2|https|net|tls|worker_threads|inspector|vm)$/;
const WRITE_NAMES = 'writeFile|writeFileSync|write|writeSync|appendFile|appendFileSync|createWriteStream|mkdir|mkdirSync|mkdtemp|rm|rmSync|rmdir|unlink|unlinkSync|rename|renameSync|copyFile|copyFileSync|cp|truncate|chmod|chown|symlink|link|utimes';
const NETWORK = /\bfetch\s*\(|new\s+WebSocket\b|\bXMLHttpRequest\b/;

/** A file-writing call in a file that imports fs: `fs.writeFile(`, `handle.write(`, or a write API imported by name. */
function writeCall(code: string): string | undefined {
  const fsImports = [...code.matchAll(/import\s+(?:\{([^}]*)\}|\*\s+as\s+\w+|\w+)\s+from\s+['"](?:node:)?fs(?:\/promises)?['"]/g)];
  if (fsImports.length === 0) return NETWORK.exec(code)?.[0];
  const named = fsImports.flatMap((m) => (m[1] ?? '').split(',').map((x) => x.trim().split(/\s+as\s+/)[0]!));
  const byName = named.find((n) => new RegExp(`^(${WRITE_NAMES})$`).test(n));
  if (byName) return `import of ${byName}`;
  return new RegExp(`\\.\\s*(${WRITE_NAMES})\\s*\\(`).exec(code)?.[0] ?? NETWORK.exec(code)?.[0];
}

test('no network, no child processes, no file writes in the extension, the server and the CLI', () => {
  const files = [...sources(path.join(ROOT, 'server/src')), ...sources(path.join(ROOT, 'client/src'))];
  assert.ok(files.length > 20);
  const problems: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of imports(text)) if (FORBIDDEN.test(m)) problems.push(`${path.relative(ROOT, f)} imports ${m}`);
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    const w = writeCall(code);
    if (w) problems.push(`${path.relative(ROOT, f)} writes: ${w}`);
  }
  assert.deepEqual(problems, []);
});

test('the core is pure: no fs, no vscode, no language server, no process', () => {
  const problems: string[] = [];
  for (const f of sources(path.join(ROOT, 'server/src/core'))) {
    const text = readFileSync(f, 'utf8');
    for (const m of imports(text)) if (/^(node:)?(fs|fs\/promises|os|path|child_process|process)$|^vscode/.test(m)) problems.push(`${path.relative(ROOT, f)} imports ${m}`);
    if (/\bprocess\.(env|argv|exit|cwd)\b|\brequire\s*\(/.test(text)) problems.push(`${path.relative(ROOT, f)} touches the process`);
  }
  assert.deepEqual(problems, []);
});

test('package.json declares limited support in untrusted workspaces and none in virtual ones', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('kubePorts.exclude'));
  assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
  // Every restricted setting exists.
  for (const s of pkg.capabilities.untrustedWorkspaces.restrictedConfigurations) assert.ok(pkg.contributes.configuration.properties[s], s);
});
