#!/usr/bin/env node
// Runner 1: the e2e suite in desktop VS Code through @vscode/test-electron.
//
//   node scripts/e2e/run-desktop.mjs [--workspace DIR] [--grep REGEX]
//
// Uses VSCODE_EXECUTABLE (a VS Code binary) when set; otherwise downloads
// VS Code (VSCODE_VERSION, default "stable") into .vscode-test/, where the
// network allows. The repo is loaded as --extensionDevelopmentPath (build it
// first: npm run build); the bundled suite is the --extensionTestsPath. On
// Linux without $DISPLAY it re-runs itself under xvfb-run when available.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSuite } from './build-suite.mjs';
import { CACHE, log, readManifest, REPO, report, writeUserSettings } from './common.mjs';

const { values: opts } = parseArgs({
  options: {
    workspace: { type: 'string', default: join(REPO, 'test/e2e/workspace') },
    grep: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

function needsDisplay() {
  return process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !process.env.KUBE_PORTS_E2E_NO_XVFB;
}

async function main() {
  if (needsDisplay()) {
    if (spawnSync('sh', ['-c', 'command -v xvfb-run']).status === 0) {
      log('no $DISPLAY: re-running under xvfb-run');
      const r = spawnSync('xvfb-run', ['-a', process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
        stdio: 'inherit',
        env: { ...process.env, KUBE_PORTS_E2E_NO_XVFB: '1' },
      });
      return r.status ?? 1;
    }
    log('warning: no $DISPLAY and no xvfb-run (Debian package xvfb); VS Code may fail to start');
  }

  const manifest = readManifest(REPO);
  if (!manifest.main || !existsSync(resolve(REPO, manifest.main))) {
    throw new Error(`the extension is not built (${manifest.main ?? 'package.json has no "main"'} missing): run npm run build`);
  }

  const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (vscodeExecutablePath) {
    if (!existsSync(vscodeExecutablePath)) throw new Error(`VSCODE_EXECUTABLE=${vscodeExecutablePath} does not exist`);
    log(`VS Code: ${vscodeExecutablePath} (VSCODE_EXECUTABLE)`);
  } else {
    const version = process.env.VSCODE_VERSION || 'stable';
    log(`downloading VS Code ${version} into ${CACHE} (set VSCODE_EXECUTABLE to use an installed one)`);
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: CACHE });
    } catch (err) {
      throw new Error(
        `could not download VS Code (${err.message}). Without network access, set VSCODE_EXECUTABLE, or use the browser runner: npm run test:e2e`,
      );
    }
  }

  // The suite lives under the extension development path, so that its
  // require('vscode') is attributed to the kube-ports extension.
  const suite = await buildSuite(join(REPO, '.vscode-test/e2e-desktop/suite'));
  const runDir = mkdtempSync(join(tmpdir(), 'kube-ports-e2e-desktop-'));
  const workspace = join(runDir, 'workspace');
  cpSync(resolve(opts.workspace), workspace, { recursive: true });
  const resultsFile = join(runDir, 'results.json');
  mkdirSync(join(runDir, 'extensions'), { recursive: true });
  writeUserSettings(join(runDir, 'user-data'));

  let code = 1;
  let summary;
  try {
    const t0 = Date.now();
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: suite,
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions; built-ins and the one under test stay
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
        '--user-data-dir', join(runDir, 'user-data'),
        '--extensions-dir', join(runDir, 'extensions'),
      ],
      extensionTestsEnv: {
        KUBE_PORTS_E2E_RESULTS: resultsFile,
        ...(opts.grep ? { KUBE_PORTS_E2E_GREP: opts.grep } : {}),
      },
    }).catch((err) => {
      if (!existsSync(resultsFile)) throw err; // results explain a failing run better than the exit code
    });
    if (!existsSync(resultsFile)) throw new Error('VS Code exited without results from the suite');
    const r = report(JSON.parse(readFileSync(resultsFile, 'utf8')));
    code = r.code;
    log(`launch to results: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    summary = r.summary;
    const out = join(REPO, 'test-results/e2e-desktop');
    mkdirSync(out, { recursive: true });
    cpSync(resultsFile, join(out, 'results.json'));
  } finally {
    if (opts.keep) log(`kept ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  }
  if (summary) console.log(summary);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[e2e] ${err.message}`);
    process.exit(1);
  },
);
