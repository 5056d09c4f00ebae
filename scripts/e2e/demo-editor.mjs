#!/usr/bin/env node
// npm run demo:editor: opens examples/ in code-server with the built
// extension loaded, and prints the URL to open in a browser.
//
//   node scripts/e2e/demo-editor.mjs [--folder DIR] [--port N] [--host ADDR]
//
// Installs code-server into .vscode-test/ if needed (see
// install-code-server.sh). Stop it with Ctrl-C.
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CACHE, copyExtension, folderUrl, freePort, installCodeServer, log, REPO, startCodeServer, writeUserSettings } from './common.mjs';

const { values: opts } = parseArgs({
  options: {
    folder: { type: 'string', default: join(REPO, 'examples') },
    port: { type: 'string', default: process.env.PORT },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const { entry } = installCodeServer();
const demo = join(CACHE, 'demo');
const extensionsDir = join(demo, 'extensions');
const userDataDir = join(demo, 'user-data');
rmSync(extensionsDir, { recursive: true, force: true }); // always the extension as built now
mkdirSync(extensionsDir, { recursive: true });
const ext = copyExtension(REPO, extensionsDir);
writeUserSettings(userDataDir);

const port = opts.port ? Number(opts.port) : await freePort(opts.host);
const logFile = join(demo, 'code-server.log');
const server = startCodeServer({
  entry, port, host: opts.host, userDataDir, extensionsDir,
  configFile: join(demo, 'code-server.yaml'),
  logStream: createWriteStream(logFile),
});
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
try {
  await server.ready;
} catch (err) {
  console.error(`[demo] ${err.message}; see ${logFile}`);
  process.exit(1);
}
log(`${ext.id}@${ext.manifest.version} loaded; code-server log: ${relative(process.cwd(), logFile)}`);
console.log(`\nOpen ${folderUrl(server.url, resolve(opts.folder))}\n(Ctrl-C to stop)`);
const code = await server.exited;
console.error(`[demo] code-server exited (${code}); see ${logFile}`);
process.exit(1);
