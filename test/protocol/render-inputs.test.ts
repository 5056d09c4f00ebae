/**
 * A unit's inputs beyond its YAML templates, over LSP with the real helm (requireTool: loud skip
 * locally, failure under CI), on a copy of test/fixtures/render-inputs/: a finding produced
 * inside an `include` is published on the `.tpl` helper's line and an unsaved edit of the helper
 * (language `helm`) renders again; files read with `.Files.Get` / `.Files.Glob` are inputs (a
 * change on disk or in an unsaved buffer renders again, and the server asks the client to watch
 * the chart folder).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { requireTool } from '../support/render-tools';

/** A render test that waits for a signal that never comes fails instead of hanging the suite. */
const RENDER_TEST_TIMEOUT = 180_000;
const FIXTURES = path.resolve(__dirname, '../fixtures/render-inputs');

async function start(t: TestContext, capabilities?: Record<string, unknown>): Promise<LspClient | undefined> {
  const helm = requireTool(t, 'helm');
  if (!helm) return undefined;
  const folder = mkdtempSync(path.join(tmpdir(), 'kube-ports-render-inputs-'));
  cpSync(FIXTURES, folder, { recursive: true });
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const c = await LspClient.start({
    folder,
    settings: { helm: { path: helm } },
    initializationOptions: { workspaceTrusted: true },
    ...(capabilities ? { capabilities } : {}),
  });
  t.after(() => c.stop());
  return c;
}

const codes = (d: Diagnostic[]) => d.map((x) => [x.range.start.line, x.range.start.character, x.code]);
const text = (m: string | { value: string }) => (typeof m === 'string' ? m : m.value);
const renderedFresh = (c: LspClient) => c.renders.filter((r) => r.status === 'rendered' && !r.fromCache).length;

test('a finding produced inside an include is published on the .tpl line; an unsaved fix of the helper renders again', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const c = await start(t);
  if (!c) return;
  const helpers = 'api/templates/_helpers.tpl';
  const d = await c.diagnosticsFor(helpers, (x) => x.length > 0);
  // `  targetPort: htp` (line 8) of the `api.servicePorts` define.
  assert.deepEqual(codes(d), [[7, 14, 'target-port-name-unresolved']]);
  assert.match(text(d[0]!.message), /targetPort "htp" names no container port of Deployment api-chart-api .*\(in Helm release api-chart\)$/);
  assert.deepEqual(await c.diagnosticsFor('api/templates/service.yaml'), [], 'not also on the include in the template');

  const saved = readFileSync(path.join(c.root, helpers), 'utf8');
  await c.open(helpers, saved, 'helm');
  await c.change(helpers, saved.replace('targetPort: htp', 'targetPort: http'));
  await c.diagnosticsFor(helpers, (x) => x.length === 0);
  assert.deepEqual(await c.diagnosticsFor('api/templates/service.yaml'), []);
  assert.equal(readFileSync(path.join(c.root, helpers), 'utf8'), saved, 'nothing was written to the workspace');

  // Closing the editor goes back to the saved helper, and its finding comes back.
  await c.close(helpers);
  assert.deepEqual(codes(await c.diagnosticsFor(helpers, (x) => x.length === 1)), [[7, 14, 'target-port-name-unresolved']]);
});

test('.Files inputs: a change on disk or in an unsaved buffer renders again; the chart folder is watched', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const c = await start(t, {
    workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
  });
  if (!c) return;
  await c.until(() => renderedFresh(c) >= 1, 'the chart rendered');
  const registrations = c.wire.filter((m) => m.method === 'client/registerCapability') as unknown as {
    params: { registrations: { method: string; registerOptions: { watchers: { globPattern: { baseUri: string; pattern: string } }[] } }[] };
  }[];
  const watchers = registrations.flatMap((m) => m.params.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').flatMap((r) => r.registerOptions.watchers));
  assert.deepEqual(
    watchers.map((w) => w.globPattern),
    [{ baseUri: c.uri('api'), pattern: '**/*' }],
  );

  // `.Files.Get "files/metrics-ports.yaml"`, changed on disk: the metrics Service's targetPort breaks.
  const ports = 'api/files/metrics-ports.yaml';
  const savedPorts = readFileSync(path.join(c.root, ports), 'utf8');
  await c.writeOnDisk(ports, savedPorts.replace('targetPort: metrics', 'targetPort: metricz'), false);
  const broken = await c.diagnosticsFor('api/templates/service.yaml', (x) => x.some((y) => /"metricz"/.test(text(y.message))));
  assert.deepEqual(codes(broken).map((x) => x[2]), ['target-port-name-unresolved']);
  // … and fixed again in an unsaved buffer.
  await c.open(ports, readFileSync(path.join(c.root, ports), 'utf8'));
  await c.change(ports, savedPorts);
  await c.diagnosticsFor('api/templates/service.yaml', (x) => x.length === 0);

  // `.Files.Glob "conf/*.ini"`: neither YAML nor a template, yet an input (disk, then an unsaved plain-text buffer).
  const ini = 'api/conf/app.ini';
  let before = renderedFresh(c);
  await c.writeOnDisk(ini, '[server]\nlisten = 8081\n', false);
  await c.until(() => renderedFresh(c) > before, 'a render after the .ini changed on disk');
  before = renderedFresh(c);
  await c.open(ini, '[server]\nlisten = 8081\n', 'plaintext');
  await c.change(ini, '[server]\nlisten = 8082\n');
  await c.until(() => renderedFresh(c) > before, 'a render after the .ini changed in an unsaved buffer');
});
