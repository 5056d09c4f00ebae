// @ts-check
'use strict';
// The e2e test host. code-server refuses --extensionDevelopmentPath and
// --extensionTestsPath, so the driver (scripts/e2e/run-code-server.mjs) copies
// this extension, with the bundled suite in ./suite/, into code-server's
// --extensions-dir and starts code-server with KUBE_PORTS_E2E_RESULTS set; the
// extension host inherits that environment. On activation this runs the suite
// once and the suite writes its JSON results to that path, which the driver
// waits for. Without the variable this extension does nothing.
const fs = require('fs');
const path = require('path');

/** @param {string} file @param {unknown} data */
function writeJsonAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2));
  fs.renameSync(tmp, file);
}

/** @param {import('vscode').ExtensionContext} _context */
async function activate(_context) {
  const resultsFile = process.env.KUBE_PORTS_E2E_RESULTS;
  if (!resultsFile) return;
  // One run per server: a reloaded window or a second extension host must not
  // start the suite again.
  const marker = `${resultsFile}.started`;
  try {
    fs.writeFileSync(marker, String(process.pid), { flag: 'wx' });
  } catch {
    console.log('[kube-ports e2e] suite already started by another extension host');
    return;
  }
  const suitePath = process.env.KUBE_PORTS_E2E_SUITE || path.join(__dirname, 'suite', 'index.js');
  const started = Date.now();
  try {
    const suite = require(suitePath);
    await suite.run();
    if (!fs.existsSync(resultsFile)) throw new Error('the suite finished without writing results');
  } catch (err) {
    console.error('[kube-ports e2e] suite run failed:', err);
    if (!fs.existsSync(resultsFile)) {
      const e = /** @type {Error} */ (err);
      writeJsonAtomic(resultsFile, {
        stats: { tests: 0, passes: 0, failures: 1, pending: 0, duration: Date.now() - started },
        tests: [],
        error: { message: String(e && e.message ? e.message : err), stack: e && e.stack },
      });
    }
  }
}

function deactivate() {}

module.exports = { activate, deactivate };
