/**
 * Text inputs of a unit that are not manifests (a chart's `.tpl` helpers): the Workspace holds
 * their text, never analyses them as manifests, and maps a finding produced inside an `include`
 * onto the helper's own line (with the real helm; fixture test/fixtures/render-inputs/).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { normalizeSettings } from '../../../server/src/core/settings';
import { LineIndex } from '../../../server/src/core/text/line-index';
import { Workspace } from '../../../server/src/core/workspace/workspace';
import { readTree, renderHelm, uriOfPath } from '../../support/render-fixture';
import { requireTool } from '../../support/render-tools';

const FIXTURE = path.resolve(__dirname, '../../fixtures/render-inputs/api');

function chart(holdHelpers: boolean): { ws: Workspace; dir: string; uri: (rel: string) => string } {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'kp-text-inputs-')), 'api');
  cpSync(FIXTURE, dir, { recursive: true });
  const tree = readTree(dir);
  const ws = new Workspace({ settings: normalizeSettings({}) });
  for (const [uri, text] of tree.files) ws.setFile(uri, text);
  if (holdHelpers) for (const uri of tree.auxiliary) if (uri.endsWith('.tpl')) ws.setFile(uri, readFileSync(new URL(uri), 'utf8'));
  ws.setFolders([uriOfPath(path.dirname(dir))]);
  ws.setAuxiliaryFiles(tree.auxiliary);
  return { ws, dir, uri: (rel) => uriOfPath(path.join(dir, rel)) };
}

function render(helm: string, ws: Workspace, dir: string): void {
  const unit = ws.units()[0]!;
  ws.setRenderOutcome(unit.id, { status: 'rendered', text: renderHelm(helm, dir, unit.release!) });
}

const at = (ws: Workspace, uri: string) =>
  ws.findings(uri).map((f) => {
    const text = ws.text(uri) ?? '';
    const line = new LineIndex(text).positionAt(f.span.start).line;
    return `${f.rule} @${line + 1}: ${text.slice(f.span.start, f.span.end)}`;
  });

test('a finding produced inside an include lands on the helper line of the .tpl the workspace holds', (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const { ws, dir, uri } = chart(true);
  const helpers = uri('templates/_helpers.tpl');
  assert.deepEqual(ws.uris().filter((u) => u.endsWith('.tpl')), [], 'a helper is not a manifest file');
  assert.deepEqual(ws.textInputUris(), [helpers]);
  assert.ok(ws.units()[0]!.inputs.includes(helpers));
  const affected = ws.setRenderOutcome(ws.units()[0]!.id, { status: 'rendered', text: renderHelm(helm, dir, ws.units()[0]!.release!) });
  assert.ok(affected.has(helpers), 'the render outcome republishes the helpers');
  assert.deepEqual(at(ws, helpers), ['target-port-name-unresolved @8: htp']);
  assert.match(ws.findings(helpers)[0]!.message, /\(in Helm release api-chart\)$/);
  assert.deepEqual(at(ws, uri('templates/service.yaml')), []);

  // An edit of the helper (saved or not) and the render it starts: the finding goes away.
  const fixed = ws.text(helpers)!.replace('targetPort: htp', 'targetPort: http');
  assert.deepEqual([...ws.setFile(helpers, fixed, { open: true })], [helpers]);
  writeFileSync(path.join(dir, 'templates/_helpers.tpl'), fixed);
  render(helm, ws, dir);
  assert.deepEqual(at(ws, helpers), []);
  // Gone from disk: no longer held.
  ws.removeFile(helpers);
  assert.deepEqual(ws.textInputUris(), []);
  assert.equal(ws.has(helpers), false);
});

test('without the helper text, the same finding falls back to the include in the template', (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const { ws, dir, uri } = chart(false);
  render(helm, ws, dir);
  assert.deepEqual(at(ws, uri('templates/_helpers.tpl')), []);
  const service = at(ws, uri('templates/service.yaml'));
  assert.equal(service.length, 1, service.join('\n'));
  assert.match(service[0]!, /^target-port-name-unresolved @(8|9):/);
});

test('a .tpl is never analysed as a manifest, even when it reads as one', () => {
  const ws = new Workspace({ settings: normalizeSettings({}) });
  const uri = 'file:///ws/chart/templates/_service.tpl';
  ws.setFile(uri, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n    - targetPort: 1\n');
  assert.deepEqual(ws.objectsOf(uri), []);
  assert.deepEqual(ws.findings(uri), []);
  assert.deepEqual([...ws.index.allServices()], []);
  assert.equal(ws.text(uri)?.startsWith('apiVersion'), true);
});
