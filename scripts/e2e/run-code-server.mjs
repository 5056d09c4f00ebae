#!/usr/bin/env node
// Runner 2: the e2e suite inside code-server, driven by headless Chromium.
//
//   node scripts/e2e/run-code-server.mjs [--extension DIR] [--workspace DIR]
//        [--timeout MS] [--grep REGEX] [--keep] [--artifacts DIR]
//
// 1. installs code-server (and Chromium etc.) into .vscode-test/ if needed;
// 2. copies the built extension (default: the repo) and the test host
//    (test/e2e/host, with the bundled suite) into a fresh --extensions-dir;
// 3. copies the fixture workspace (test/e2e/workspace) to a temp dir;
// 4. starts code-server on a free loopback port, fresh user-data-dir;
// 5. opens ?folder=<workspace> in headless Chromium (playwright-core); the
//    test host runs the suite on activation and writes results JSON;
// 6. answers the suite's screenshot requests, waits for the results file,
//    prints them, exits non-zero on failure (printing the extension host log).
// Artifacts (screenshots, logs, results.json): test-results/e2e/.
// --docs-images copies the README screenshots to docs/images/ after a pass.
// Environment: KUBE_PORTS_E2E_GREP; CHROMIUM_PATH; KUBE_PORTS_E2E_CACHE;
// KUBE_PORTS_E2E_VIEWPORT (e.g. 1280x960).
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSuite } from './build-suite.mjs';
import { chromiumPath, copyExtension, folderUrl, freePort, installCodeServer, listFiles, log, REPO, report, startCodeServer, writeUserSettings } from './common.mjs';

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string', default: REPO },
    workspace: { type: 'string', default: join(REPO, 'test/e2e/workspace') },
    artifacts: { type: 'string', default: join(REPO, 'test-results/e2e') },
    timeout: { type: 'string', default: process.env.KUBE_PORTS_E2E_TIMEOUT_MS || '420000' },
    grep: { type: 'string' },
    keep: { type: 'boolean', default: false },
    // After a passing run, copy the README screenshots to docs/images/ (look at them first!).
    'docs-images': { type: 'boolean', default: false },
  },
});

const DOCS_SCREENSHOTS = ['hover-nodeport', 'problems-panel', 'quick-fix-menu', 'codelens', 'wiring-map'];

const timeoutMs = Number(opts.timeout);
const artifacts = resolve(opts.artifacts);
const shots = join(artifacts, 'screenshots');

async function main() {
  const t0 = Date.now();
  // ------------------------------------------------------------ install
  const { entry, seconds: installSeconds } = installCodeServer();
  log(`code-server ready (${installSeconds.toFixed(1)} s)`);
  const chromium = chromiumPath();
  const { chromium: pw } = await import('playwright-core');

  // ------------------------------------------------------------ layout
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const runDir = mkdtempSync(join(tmpdir(), 'kube-ports-e2e-'));
  const extensionsDir = join(runDir, 'extensions');
  const userDataDir = join(runDir, 'user-data');
  const workspace = join(runDir, 'workspace');
  const resultsFile = join(runDir, 'results.json');
  const requestsDir = join(runDir, 'screenshots'); // the suite's screenshot requests
  mkdirSync(join(requestsDir, 'requests'), { recursive: true });

  const ext = copyExtension(resolve(opts.extension), extensionsDir);
  log(`extension ${ext.id}@${ext.manifest.version} <- ${relative(REPO, resolve(opts.extension)) || '.'}`);
  const host = copyExtension(join(REPO, 'test/e2e/host'), extensionsDir);
  await buildSuite(join(host.target, 'suite'));
  cpSync(resolve(opts.workspace), workspace, { recursive: true });
  // The render tests' helm and kubectl, named by their settings (the extension host's PATH is
  // code-server's own, which need not include the tools cache).
  const toolsBin = join(process.env.KUBE_PORTS_TOOLS_CACHE || join(homedir(), '.cache', 'kube-ports', 'tools'), 'bin');
  writeUserSettings(userDataDir, { 'kubePorts.helm.path': join(toolsBin, 'helm'), 'kubePorts.kustomize.path': join(toolsBin, 'kubectl') });

  // ------------------------------------------------------------ code-server
  const port = await freePort();
  const csLog = createWriteStream(join(artifacts, 'code-server.log'));
  const env = {
    // helm and kubectl for the render tests (npm run tools:install), found on PATH like a user's.
    PATH: [join(process.env.KUBE_PORTS_TOOLS_CACHE || join(homedir(), '.cache', 'kube-ports', 'tools'), 'bin'), process.env.PATH].join(':'),
    KUBE_PORTS_E2E_RESULTS: resultsFile,
    KUBE_PORTS_E2E_SCREENSHOTS: requestsDir,
    ...(opts.grep ? { KUBE_PORTS_E2E_GREP: opts.grep } : {}),
  };
  const server = startCodeServer({
    entry, port, userDataDir, extensionsDir, env, logStream: csLog,
    configFile: join(runDir, 'code-server.yaml'),
  });

  let browser;
  let page;
  let exitCode = 1;
  let results;
  let summary;
  const tLaunch = Date.now();
  try {
    await withTimeout(server.ready, 60_000, 'code-server did not start listening');
    log(`code-server listening on ${server.url} (${((Date.now() - tLaunch) / 1000).toFixed(1)} s)`);

    // ---------------------------------------------------------- browser
    browser = await pw.launch({
      executablePath: chromium,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage'],
    }); // playwright's launch() gives the browser a fresh, temporary user-data-dir
    const [width, height] = (process.env.KUBE_PORTS_E2E_VIEWPORT || '1280x800').split('x').map(Number);
    const context = await browser.newContext({
      viewport: { width, height },
      deviceScaleFactor: Number(process.env.KUBE_PORTS_E2E_SCALE || 1),
    });
    page = await context.newPage();
    const consoleLog = createWriteStream(join(artifacts, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e}\n`));
    const url = folderUrl(server.url, workspace);
    log(`opening ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    // ---------------------------------------------------------- wait
    results = await waitForResults({
      resultsFile, requestsDir, page, server, browser,
      deadline: tLaunch + timeoutMs,
    });
    const launchToResults = (Date.now() - tLaunch) / 1000;
    await page.screenshot({ path: join(shots, 'final.png') }).catch(() => {});
    ({ code: exitCode, summary } = report(results));
    if (exitCode === 0 && opts['docs-images']) {
      const docs = join(REPO, 'docs/images');
      mkdirSync(docs, { recursive: true });
      for (const name of DOCS_SCREENSHOTS) {
        const png = join(shots, `${name}.png`);
        if (existsSync(png)) {
          cpSync(png, join(docs, `${name}.png`));
          log(`copied ${name}.png to docs/images/`);
        }
      }
    }
    log(`launch to results: ${launchToResults.toFixed(1)} s; total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    console.error(`[e2e] FAILED: ${err.message}`);
    if (page) await page.screenshot({ path: join(shots, 'failure.png') }).catch(() => {});
    exitCode = 1;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    csLog.end();
    if (existsSync(resultsFile)) cpSync(resultsFile, join(artifacts, 'results.json'));
    const logs = join(userDataDir, 'logs');
    if (existsSync(logs)) cpSync(logs, join(artifacts, 'logs'), { recursive: true });
    if (exitCode !== 0) printExtensionHostLog(join(artifacts, 'logs'));
    if (opts.keep) log(`kept ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
    log(`artifacts: ${relative(process.cwd(), artifacts) || artifacts}`);
  }
  // the closing line, last, for whoever reads the end of the output
  console.log(summary ?? '0 passed, 1 failed');
  return exitCode;
}

function withTimeout(p, ms, what) {
  let t;
  return Promise.race([p, new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`${what} within ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}

/**
 * Waits, by fs.watch on the run dir (with a slow re-check as a safety net),
 * for the results file; meanwhile answers screenshot requests. Fails early if
 * code-server exits or the browser disconnects, and at the deadline.
 */
function waitForResults({ resultsFile, requestsDir, page, server, browser, deadline }) {
  const requests = join(requestsDir, 'requests');
  return new Promise((resolveResults, reject) => {
    let busy = false;
    let finished = false;
    const watchers = [];
    const finish = (err, value) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearInterval(safety);
      watchers.forEach((w) => w.close());
      err ? reject(err) : resolveResults(value);
    };
    const check = async () => {
      if (finished || busy) return;
      busy = true;
      try {
        for (const f of readdirSync(requests).filter((f) => f.endsWith('.json')).sort()) {
          await takeScreenshot(page, join(requests, f), requestsDir);
        }
        if (existsSync(resultsFile)) finish(null, JSON.parse(readFileSync(resultsFile, 'utf8')));
      } catch (e) {
        finish(e);
      } finally {
        busy = false;
      }
    };
    const timer = setTimeout(() => finish(new Error(`no results from the test host within ${Math.round((deadline - Date.now() + 0) / 1000) || 0} s of the deadline (timeout ${timeoutMs} ms); was the test host activated?`)), Math.max(0, deadline - Date.now()));
    const safety = setInterval(check, 1000);
    watchers.push(watch(requestsDir, () => check()), watch(requests, () => check()), watch(resolve(resultsFile, '..'), () => check()));
    server.exited.then((code) => finish(new Error(`code-server exited (${code}) before the suite finished`)));
    browser.on('disconnected', () => finish(new Error('the browser disconnected before the suite finished')));
    check();
  });
}

/**
 * A request with `action` ({ selector, key? }) is done in whichever frame holds the selector
 * (webviews are nested iframes): a click, or focus and a key press. No screenshot.
 */
async function webviewAction(page, action) {
  for (const frame of page.frames()) {
    const target = frame.locator(action.selector);
    if ((await target.count().catch(() => 0)) === 0) continue;
    if (action.key) {
      await target.first().focus();
      await target.first().press(action.key);
    } else {
      await target.first().click();
    }
    return `${action.key ? `pressed ${action.key} on` : 'clicked'} ${action.selector}`;
  }
  throw new Error(`no frame has ${action.selector}`);
}

async function takeScreenshot(page, requestFile, requestsDir) {
  const req = JSON.parse(readFileSync(requestFile, 'utf8'));
  rmSync(requestFile, { force: true });
  const name = String(req.name).replace(/[^a-z0-9-]+/gi, '-');
  const file = join(shots, `${name}.png`);
  const answer = { ok: false, path: file };
  if (req.action) {
    try {
      log(await webviewAction(page, req.action));
      answer.ok = true;
    } catch (e) {
      answer.error = e.message;
      log(`action ${name} failed: ${e.message}`);
    }
    const done = join(requestsDir, `${name}.done.json`);
    writeFileSync(`${done}.tmp`, JSON.stringify(answer));
    renameSync(`${done}.tmp`, done);
    return;
  }
  try {
    if (req.waitFor) {
      // the first *visible* match: editors keep off-screen widgets in the DOM, hidden
      await page.locator(`${req.waitFor} >> visible=true`).first().waitFor({ state: 'visible', timeout: 10_000 }).catch((e) => {
        answer.warning = `"${req.waitFor}" not visible: ${e.message.split('\n')[0]}`;
      });
    }
    // let the awaited widget finish its own animations (a hover fades in), then the frame
    if (req.waitFor) {
      await page
        .waitForFunction(
          (sel) =>
            [...document.querySelectorAll(sel)]
              .filter((el) => el.offsetParent !== null)
              .every((el) => el.getAnimations({ subtree: true }).every((a) => a.playState !== 'running') && getComputedStyle(el).opacity === '1'),
          req.waitFor,
          { timeout: 2_000 },
        )
        .catch(() => undefined);
    }
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    let clip;
    if (req.clip) {
      const box = await page.locator(`${req.clip} >> visible=true`).first().boundingBox().catch(() => null);
      const vp = page.viewportSize();
      if (box && vp) {
        const m = 16;
        const x = Math.max(0, box.x - m), y = Math.max(0, box.y - m);
        clip = { x, y, width: Math.min(vp.width - x, box.width + 2 * m), height: Math.min(vp.height - y, box.height + 2 * m) };
      }
    }
    await page.screenshot({ path: file, ...(clip ? { clip } : {}) });
    answer.ok = true;
    log(`screenshot ${relative(REPO, file)}${answer.warning ? ` (${answer.warning})` : ''}`);
  } catch (e) {
    answer.error = e.message;
    log(`screenshot ${name} failed: ${e.message}`);
  }
  const done = join(requestsDir, `${name}.done.json`);
  writeFileSync(`${done}.tmp`, JSON.stringify(answer));
  renameSync(`${done}.tmp`, done);
}

/** Prints the extension host's logs (and kube-ports' output channel) for a failed run. */
function printExtensionHostLog(logsDir) {
  const files = listFiles(logsDir).filter((f) => /(^|\/)(remote)?exthost\.log$|remoteagent\.log$|kube/i.test(f) && f.endsWith('.log'));
  if (files.length === 0) {
    console.log(`[e2e] no extension host log under ${logsDir}`);
    return;
  }
  for (const f of files) {
    const lines = readFileSync(f, 'utf8').split('\n');
    const tail = lines.slice(-200);
    console.log(`\n===== ${relative(logsDir, f)}${lines.length > 200 ? ` (last 200 of ${lines.length} lines)` : ''} =====`);
    console.log(tail.join('\n'));
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[e2e] ${err.stack || err}`);
    process.exit(1);
  },
);
