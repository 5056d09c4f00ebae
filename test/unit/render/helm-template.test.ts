import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blankActions, parseTemplate, PLACEHOLDER, plainValuesReference } from '../../../server/src/core/render/helm-template';

test('blanking keeps offsets and newlines; action-only lines are blank, inline actions are placeholder scalars', () => {
  const text = 'spec:\n  {{- if .Values.x }}\n  image: {{ .Values.repo }}:{{ .Values.tag }}\n  port: {{ .Values.port }}\n  {{- end }}\n';
  const b = blankActions(text);
  assert.equal(b.blanked.length, text.length);
  assert.deepEqual(b.blanked.split('\n').map((l) => l.length), text.split('\n').map((l) => l.length));
  const lines = b.blanked.split('\n');
  assert.equal(lines[1]!.trim(), '');
  assert.equal(lines[2], `  image: ${PLACEHOLDER.repeat(18)}:${PLACEHOLDER.repeat(17)}`);
  assert.equal(b.actions.length, 5);
  // `image: a:b` stays one scalar (blank spaces would read `image:  :` as a nested key).
  const doc = parseTemplate(text).documents[0]!;
  const spec = (doc.root as { get(k: string): { get(k: string, keep: boolean): { range: number[] } } }).get('spec');
  const image = spec.get('image', true);
  assert.equal(text.slice(image.range[0], image.range[1]), '{{ .Values.repo }}:{{ .Values.tag }}');
});

test('blanking skips Go strings, raw strings and comments inside actions; an unclosed action runs to the end', () => {
  const text = 'a: {{ printf "}}" }}\nb: {{ `}}` }}\nc: {{/* }} */}}\nd: {{ .x';
  const b = blankActions(text);
  assert.deepEqual(
    b.actions.map((a) => text.slice(a.start, a.end)),
    ['{{ printf "}}" }}', '{{ `}}` }}', '{{/* }} */}}', '{{ .x'],
  );
});

test('a key whose action value is followed by a block keeps the block (no placeholder)', () => {
  const text = 'probe: {{- include "x" . | nindent 4 }}\n  tcpSocket:\n    port: http\n';
  const doc = parseTemplate(text).documents[0]!;
  const probe = (doc.root as { get(k: string): { get(k: string): unknown } }).get('probe');
  assert.ok(probe && typeof probe === 'object' && 'items' in probe);
});

test('plain .Values references', () => {
  assert.deepEqual(plainValuesReference('{{ .Values.service.port }}'), ['service', 'port']);
  assert.deepEqual(plainValuesReference('"{{- .Values.a | quote -}}"'), ['a']);
  assert.equal(plainValuesReference('{{ .Values.a | default 80 }}'), undefined);
  assert.equal(plainValuesReference('{{ include "x" . }}'), undefined);
});
