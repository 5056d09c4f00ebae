// Shared pieces of the e2e runners and the demo editor: the code-server
// install, copying the built extension, user settings, starting code-server.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = resolve(process.env.KUBE_PORTS_E2E_CACHE || join(REPO, '.vscode-test'));

export const log = (...a) => console.log('[e2e]', ...a);

/** Runs install-code-server.sh (idempotent); returns code-server's entry.js. */
export function installCodeServer() {
  const t0 = Date.now();
  const r = spawnSync('bash', [join(REPO, 'scripts/e2e/install-code-server.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    env: { ...process.env, KUBE_PORTS_E2E_CACHE: CACHE },
  });
  if (r.status !== 0) throw new Error(`install-code-server.sh failed (exit ${r.status ?? r.signal})`);
  const entry = r.stdout.trim().split('\n').pop();
  if (!entry || !existsSync(entry)) throw new Error(`code-server entry not found: ${entry}`);
  return { entry, seconds: (Date.now() - t0) / 1000 };
}

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const which = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' });
  if (which.status === 0) candidates.splice(1, 0, which.stdout.trim());
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('Chromium not found (Debian package chromium; or set CHROMIUM_PATH)');
  return found;
}

export function readManifest(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** Files an installed extension needs: what a .vsix of it would hold, minus sources and node_modules. */
function extensionFiles(dir, manifest) {
  const files = new Set(['package.json']);
  for (const f of ['package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'LICENSE.md', 'LICENSE.txt', 'dist', 'syntaxes', 'language-configuration.json']) {
    if (existsSync(join(dir, f))) files.add(f);
  }
  if (existsSync(join(dir, 'docs/images'))) files.add('docs/images');
  // Every relative path the manifest names (main, browser, icon, grammars, schemas, ...).
  const walk = (v) => {
    if (typeof v === 'string') {
      const p = v.replace(/^\.\//, '');
      if ((v.startsWith('./') || /^[\w-]+\/[\w./-]+\.\w+$/.test(v)) && existsSync(join(dir, p)) && !p.startsWith('..')) {
        files.add(p);
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk({ main: manifest.main, browser: manifest.browser, icon: manifest.icon, contributes: manifest.contributes });
  return [...files];
}

/**
 * Copies the built extension at `dir` into `extensionsDir` as
 * <publisher>.<name>-<version>, the way an installed extension is laid out.
 */
export function copyExtension(dir, extensionsDir) {
  const manifest = readManifest(dir);
  if (!manifest.publisher || !manifest.name || !manifest.version || !manifest.engines?.vscode) {
    throw new Error(`${join(dir, 'package.json')} is not an extension manifest yet (needs publisher, name, version, engines.vscode)`);
  }
  const id = `${manifest.publisher}.${manifest.name}`;
  if (manifest.main) {
    const main = join(dir, manifest.main);
    if (![main, `${main}.js`].some((p) => existsSync(p))) {
      throw new Error(`${id}: ${relative(REPO, main) || main} is missing. Build the extension first (npm run build).`);
    }
  }
  const target = join(extensionsDir, `${id}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  for (const f of extensionFiles(dir, manifest)) {
    cpSync(join(dir, f), join(target, f), { recursive: true, dereference: true });
  }
  return { id, target, manifest };
}

export function writeUserSettings(userDataDir, extra = {}) {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.colorTheme': 'Default Dark Modern',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'chat.commandCenter.enabled': false,
    'github.copilot.enable': { '*': false },
    'editor.minimap.enabled': false,
    'editor.stickyScroll.enabled': false,
    'editor.codeLens': true,
    'editor.hover.delay': 100,
    'files.autoSave': 'off',
    'window.commandCenter': false,
    ...extra,
  };
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
}

export function freePort(host = '127.0.0.1') {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/**
 * Starts code-server; resolves once it reports that it listens (or rejects if
 * it exits first). Output goes to `logFile` (and to the console if `echo`).
 */
export function startCodeServer({ entry, port, host = '127.0.0.1', userDataDir, extensionsDir, configFile, env = {}, logStream, echo = false }) {
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const args = [
    entry,
    '--config', configFile,
    '--bind-addr', `${host}:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: stop() ends its extension host and pty host too
  });
  const ready = new Promise((res, rej) => {
    let buf = '';
    const onData = (d) => {
      const s = d.toString();
      logStream?.write(s);
      if (echo) process.stdout.write(s);
      buf += s;
      if (/HTTP server listening on/.test(buf)) res();
      if (buf.length > 100_000) buf = buf.slice(-10_000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, sig) => rej(new Error(`code-server exited (${code ?? sig}) before it listened`)));
  });
  const exited = new Promise((res) => child.once('exit', (code, sig) => res(code ?? sig)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const t = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5000);
    await exited;
    clearTimeout(t);
  };
  return { child, ready, exited, stop, url: `http://${host}:${port}/` };
}

export function folderUrl(base, folder) {
  return `${base}?folder=${encodeURI(folder)}`;
}

/** Every file under `dir`, recursively. */
export function listFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/** Prints mocha-style results from the suite's JSON; returns the exit code and the closing line. */
export function report(results) {
  const icon = { passed: '✓', failed: '✗', pending: '-' };
  console.log('');
  let lastFile;
  for (const t of results.tests ?? []) {
    if (t.file !== lastFile) console.log(`  ${basename(t.file || '')}`);
    lastFile = t.file;
    const ms = t.state === 'passed' ? ` (${t.durationMs} ms)` : '';
    console.log(`    ${icon[t.state] ?? '?'} ${t.fullTitle}${ms}`);
  }
  const failed = (results.tests ?? []).filter((t) => t.state === 'failed');
  for (const [i, t] of failed.entries()) {
    console.log(`\n  ${i + 1}) ${t.fullTitle}\n     ${(t.error?.stack || t.error?.message || '').split('\n').join('\n     ')}`);
  }
  if (results.error) console.log(`\n  suite error: ${results.error.stack || results.error.message}`);
  const s = results.stats;
  if (results.editor) console.log(`\n  in ${results.editor.appName} ${results.editor.version} (${results.editor.uiKind})`);
  const summary = `${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`;
  console.log(`\n${summary}`);
  return { code: s.failures === 0 && s.passes > 0 && !results.error ? 0 : 1, summary };
}
