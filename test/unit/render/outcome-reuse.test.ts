/**
 * Applying a render outcome costs the main thread little (the keystroke path waits for it): the
 * objects of rendered documents whose text did not change are kept, not parsed again, and the
 * origin map parses a template only when a finding or a feature needs it. Real helm on
 * test/fixtures/render-inputs/api.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { renderedDocuments } from '../../../server/src/core/render/rendered-docs';
import { renderedUri } from '../../../server/src/core/render/types';
import { normalizeSettings } from '../../../server/src/core/settings';
import { Workspace } from '../../../server/src/core/workspace/workspace';
import { readTree, renderHelm, uriOfPath } from '../../support/render-fixture';
import { requireTool } from '../../support/render-tools';

const CHART = path.resolve(__dirname, '../../fixtures/render-inputs/api');

test('a new outcome keeps the objects of the rendered documents that did not change', (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const tree = readTree(CHART);
  const ws = new Workspace({ settings: normalizeSettings({}) });
  for (const [uri, text] of tree.files) ws.setFile(uri, text);
  ws.setFolders([uriOfPath(path.dirname(CHART))]);
  ws.setAuxiliaryFiles(tree.auxiliary);
  const unit = ws.units()[0]!;
  const rendered = renderedUri(unit);
  ws.setRenderOutcome(unit.id, { status: 'rendered', text: renderHelm(helm, CHART, unit.release!) });
  const before = new Map(ws.objectsOf(rendered).map((o) => [`${o.kind}/${o.name}`, o]));
  ws.setRenderOutcome(unit.id, { status: 'rendered', text: renderHelm(helm, CHART, unit.release!, ['--set', 'service.port=81']) });
  const after = new Map(ws.objectsOf(rendered).map((o) => [`${o.kind}/${o.name}`, o]));
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
  // Only the api Service's text changed (its port).
  for (const [key, o] of after) assert.equal(o === before.get(key), key !== 'Service/api-chart-api', key);
  assert.match(JSON.stringify(after.get('Service/api-chart-api')), /\b81\b/);
});

test('rendered documents: the kind from the top-level kind line, or from the YAML when there is none', () => {
  const text = '---\n# Source: c/templates/a.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n{kind: ConfigMap, metadata: {name: b}}\n';
  const docs = renderedDocuments(text);
  assert.deepEqual(docs.map((d) => d.kind), ['Service', 'ConfigMap']);
  assert.deepEqual(docs.map((d) => d.name), ['a', 'b']);
  assert.equal(text.slice(docs[1]!.start, docs[1]!.end).trim(), docs[1]!.text.trim());
});
