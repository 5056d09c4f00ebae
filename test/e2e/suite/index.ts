// Runs the e2e suite with mocha inside the extension host.
//
// scripts/e2e/build-suite.mjs bundles this file with every *.test.ts beside
// it into one CommonJS file (`vscode` external, mocha bundled) whose `run()`
// calls runSuite() with a loader per test file. Both runners call that `run()`:
// @vscode/test-electron as the --extensionTestsPath module, code-server through
// the test-host extension (test/e2e/host). Results go to the console (spec
// reporter) and, when KUBE_PORTS_E2E_RESULTS is set, to that file as JSON.
import * as fs from 'fs';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface TestResult {
  title: string;
  fullTitle: string;
  file: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: { message: string; stack?: string; expected?: unknown; actual?: unknown };
}

export interface SuiteResults {
  stats: { tests: number; passes: number; failures: number; pending: number; duration: number };
  tests: TestResult[];
  error?: { message: string; stack?: string };
  editor: { appName: string; version: string; uiKind: string; remoteName?: string };
}

function writeJsonAtomic(file: string, data: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2));
  fs.renameSync(tmp, file);
}

export async function runSuite(files: Record<string, () => unknown>): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.KUBE_PORTS_E2E_TEST_TIMEOUT_MS || 60_000),
    slow: 5_000,
  });
  if (process.env.KUBE_PORTS_E2E_GREP) mocha.grep(process.env.KUBE_PORTS_E2E_GREP);

  // What `mocha.loadFiles()` does, for modules that are already bundled: give
  // each file the tdd globals (suite, test, setup, ...), then evaluate it.
  for (const [file, load] of Object.entries(files)) {
    mocha.suite.emit('pre-require', globalThis, file, mocha);
    load();
    mocha.suite.emit('post-require', globalThis, file, mocha);
  }

  const tests: TestResult[] = [];
  const started = Date.now();
  const record = (t: Mocha.Test | Mocha.Hook, state: TestResult['state'], err?: any) => {
    tests.push({
      title: t.title,
      fullTitle: t.fullTitle(),
      file: t.file ?? '',
      state,
      durationMs: t.duration ?? 0,
      error: err
        ? {
            message: String(err.message ?? err),
            stack: err.stack,
            ...(err.showDiff !== false && 'expected' in err ? { expected: err.expected, actual: err.actual } : {}),
          }
        : undefined,
    });
  };

  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((n) => resolve(n));
    runner.on('pass', (t) => record(t, 'passed'));
    runner.on('fail', (t, err) => record(t as Mocha.Test, 'failed', err));
    runner.on('pending', (t) => record(t, 'pending'));
  });

  const results: SuiteResults = {
    stats: {
      tests: tests.length,
      passes: tests.filter((t) => t.state === 'passed').length,
      failures: tests.filter((t) => t.state === 'failed').length,
      pending: tests.filter((t) => t.state === 'pending').length,
      duration: Date.now() - started,
    },
    tests,
    editor: {
      appName: vscode.env.appName,
      version: vscode.version,
      uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
      remoteName: vscode.env.remoteName,
    },
  };
  const resultsFile = process.env.KUBE_PORTS_E2E_RESULTS;
  if (resultsFile) writeJsonAtomic(resultsFile, results);
  if (failures > 0 || results.stats.failures > 0) {
    throw new Error(`${results.stats.failures} e2e test(s) failed`);
  }
  if (results.stats.passes === 0) throw new Error('no e2e test passed (none ran?)');
}
