/** Origin mapping and render-error location never throw, whatever the rendered text, sources and spans. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { blankActions } from '../../../server/src/core/render/helm-template';
import { buildOriginMap } from '../../../server/src/core/render/origin-map';
import { locateRenderError } from '../../../server/src/core/render/render-errors';
import type { RenderUnit } from '../../../server/src/core/render/types';

const FRAGMENTS = [
  '---\n',
  '# Source: demo/templates/a.yaml\n',
  '# Source: demo/charts/sub/templates/b.yaml\n',
  '# Source: demo/charts/gone/templates/c.yaml\n',
  'apiVersion: v1\n',
  'kind: Service\n',
  'metadata:\n  name: x\n',
  '  annotations:\n    config.kubernetes.io/origin: |\n      path: base/a.yaml\n',
  '    config.kubernetes.io/origin: "configuredIn: k/kustomization.yaml"\n',
  'spec:\n  ports:\n  - name: http\n    port: 80\n',
  '  - {port: 1, name: [}\n',
  'port: {{ .Values.port }}\n',
  '{{- if .Values.x }}\n',
  '{{- end }}\n',
  '  image: {{ .a }}:{{ .b }}\n',
  '{{ "}}" ',
  '  - op: replace\n    path: /spec/ports/0/port\n    value: 8\n',
  'patches:\n- path: p.yaml\n- patch: |-\n    - op: add\n      path: /x\n      value: 1\n',
  'resources: [a.yaml, ../base]\n',
  '\t&a [*a, *a]\n',
  ': : :\n',
  '"unterminated\n',
];

const text = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })), { maxLength: 14 }).map((xs) => xs.join(''));

function unit(tool: 'helm' | 'kustomize'): RenderUnit {
  const root = tool === 'helm' ? 'file:///ws/demo' : 'file:///ws/k';
  return {
    id: `${tool}:${root}`,
    tool,
    rootUri: root,
    fileUri: tool === 'helm' ? `${root}/Chart.yaml` : `${root}/kustomization.yaml`,
    name: 'demo',
    inputs: [`${root}/Chart.yaml`, `${root}/kustomization.yaml`, `${root}/templates/a.yaml`, `${root}/charts/sub/Chart.yaml`, `${root}/charts/sub/templates/b.yaml`, `${root}/base/a.yaml`, `${root}/p.yaml`, `${root}/values.yaml`],
    inputFolders: [root],
    valuesFiles: [`${root}/values.yaml`],
  };
}

test('buildOriginMap, toSource and toRendered never throw and stay inside the texts', () => {
  fc.assert(
    fc.property(fc.constantFrom<'helm' | 'kustomize'>('helm', 'kustomize'), text, fc.array(text, { minLength: 8, maxLength: 8 }), fc.array(fc.tuple(fc.nat(400), fc.nat(40)), { maxLength: 6 }), (tool, rendered, sources, spans) => {
      const u = unit(tool);
      const texts = new Map(u.inputs.map((uri, i) => [uri, sources[i]!]));
      const map = buildOriginMap({ unit: u, renderedText: rendered, originBase: 'file:///ws', text: (uri) => texts.get(uri), auxiliary: new Set(['file:///ws/demo/charts/gone-1.0.0.tgz']) });
      for (const [start, len] of spans) {
        const loc = map.toSource({ start, end: start + len });
        const t = texts.get(loc.uri) ?? '';
        assert.ok(loc.span.start >= 0 && loc.span.start <= loc.span.end, `span ${JSON.stringify(loc.span)}`);
        assert.ok(loc.span.end <= Math.max(t.length, 0) || loc.span.end === 0, `inside ${loc.uri}: ${JSON.stringify(loc.span)} of ${t.length}`);
        for (const o of map.toRendered(loc.uri, loc.span.start)) assert.ok(o >= 0 && o <= rendered.length);
      }
      assert.equal(map.documents.length >= 0, true);
      const err = locateRenderError(u, rendered, (uri) => texts.get(uri));
      assert.ok(err.message.length > 0 && err.message.length < 1000);
    }),
    { numRuns: 300 },
  );
});

test('blanking keeps the length and every newline of any text', () => {
  fc.assert(
    fc.property(text, (t) => {
      const b = blankActions(t);
      assert.equal(b.blanked.length, t.length);
      for (let i = 0; i < t.length; i++) if (t[i] === '\n') assert.equal(b.blanked[i], '\n');
    }),
    { numRuns: 300 },
  );
});
