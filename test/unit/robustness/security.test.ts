/**
 * Security by construction: the extension's own code (client, server, CLI, core) imports no
 * network module and, outside `server/src/host/render/`, no process-spawning module and no
 * file-writing API; the core imports no I/O at all. The server reads files through
 * host/manifest-files.ts (see test/protocol/robustness.test.ts for links out of the folder and
 * FIFOs). Edits reach disk only through the editor, as WorkspaceEdits the user applies.
 *
 * The one exception is rendering (`server/src/host/render/`): `run.ts` is the only module that
 * starts a process (`spawn` with an argument array, never a shell), and the render modules write
 * only temp copies and the cache in the extension's storage. test/protocol/render-trust.test.ts
 * shows that nothing is started in an untrusted workspace. The other writer is the warm-start
 * cache (`server/src/host/model-cache.ts`): its own files in the storage folder's `model/`; and the
 * server bundle's V8 code cache (`server/src/host/code-cache.ts`): its one file in the folder
 * `KUBE_PORTS_CODE_CACHE` names, which is also the one use of `node:vm` (it compiles the server's
 * own bundle, `dist/server-main.js`, and nothing else).
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
/** Rendering may spawn the configured binary and write temp copies and its cache; nothing else may. */
const RENDER_HOST = path.join(ROOT, 'server/src/host/render') + path.sep;
const SPAWNING = path.join(RENDER_HOST, 'run.ts');
/** The warm-start cache writes its own files in the extension's storage (`model/`), and nothing else. */
const MODEL_CACHE = path.join(ROOT, 'server/src/host/model-cache.ts');
/** The code cache writes its one file in the folder the client names, and compiles the server's bundle with node:vm. */
const CODE_CACHE = path.join(ROOT, 'server/src/host/code-cache.ts');
/** Worker threads besides rendering: only the initial scan's reader (it reads, writes nothing, starts nothing). */
const SCAN_WORKER_FILES = ['server/src/host/workspace-scan.ts', 'server/src/host/scan-worker.ts', 'server/src/host/scan-prestart.ts'].map((f) => path.join(ROOT, f));
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

test('no network; child processes and file writes only in host/render/ (processes only in run.ts)', () => {
  const files = [...sources(path.join(ROOT, 'server/src')), ...sources(path.join(ROOT, 'client/src'))];
  assert.ok(files.length > 20);
  assert.ok(files.includes(SPAWNING), 'host/render/run.ts exists');
  const problems: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const render = f.startsWith(RENDER_HOST);
    for (const m of imports(text)) {
      if (!FORBIDDEN.test(m)) continue;
      if (f === SPAWNING && /^(node:)?child_process$/.test(m)) continue;
      // The render worker and the initial scan's reader (off the main thread) are the uses of worker_threads.
      if ((render || SCAN_WORKER_FILES.includes(f)) && /^(node:)?worker_threads$/.test(m)) continue;
      if (f === CODE_CACHE && /^(node:)?vm$/.test(m)) continue;
      problems.push(`${path.relative(ROOT, f)} imports ${m}`);
    }
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    const w = render || f === MODEL_CACHE || f === CODE_CACHE ? NETWORK.exec(code)?.[0] : writeCall(code);
    if (w) problems.push(`${path.relative(ROOT, f)} writes: ${w}`);
    if (/\bshell\s*:\s*(true|['"])/.test(code)) problems.push(`${path.relative(ROOT, f)} runs a shell`);
    if (render && /process\.env\.(HOME|USERPROFILE)\b|homedir\(\)\s*,\s*['"]\.(helm|kube|config)/.test(code)) problems.push(`${path.relative(ROOT, f)} reaches into the user's tool configuration`);
  }
  assert.deepEqual(problems, []);
});

test('the render runner spawns without a shell and builds its environment from scratch', () => {
  const code = readFileSync(SPAWNING, 'utf8');
  // Only `spawn` (no exec*, which take a command line for a shell; no fork).
  assert.deepEqual([...code.matchAll(/import\s+(.*?)\s+from\s+['"](?:node:)?child_process['"]/g)].map((m) => m[1]), ['{ spawn }']);
  assert.match(code, /spawn\(request\.command, \[\.\.\.request\.args\]/);
  assert.match(code, /shell: false/);
  assert.match(code, /env: \{ \.\.\.request\.env \}/);
  assert.match(code, /timeoutMs/);
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
