/**
 * What the workspace keeps of the texts it was given. V8 keeps a string's parent text alive
 * through every slice of it, so a syntax tree or a model value sliced from an old version of a
 * file keeps that whole version in memory. Measured as the heap after a full GC (no timing).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Workspace } from '../../server/src/core/workspace/workspace';
import { uriOf } from '../support/fixture';
import { nameSpanOf } from '../../server/src/core/model/types';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A Deployment whose strings (a long env value among them) make each document about 8 KB. */
function document(i: number, version: number): string {
  const env = Array.from({ length: 60 }, (_, k) => `            - name: VAR_${k}\n              value: "http://svc-${i}-${k}.team.svc.cluster.local:8080/${'p'.repeat(40)}"\n`).join('');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  labels: {app: app-${i}, version: v${version}}\nspec:\n  selector:\n    matchLabels:\n      app: app-${i}\n  template:\n    metadata:\n      labels:\n        app: app-${i}\n    spec:\n      containers:\n        - name: main\n          image: nginx\n          env:\n${env}`;
}

test('edits across the documents of a big open file do not keep its old versions alive', () => {
  const docs = 60;
  const versions = Array.from({ length: docs }, () => 0);
  const text = () => versions.map((v, i) => document(i, v)).join('---\n');
  const uri = uriOf('/big.yaml');
  const ws = new Workspace();
  ws.setFile(uri, text(), { open: true });
  ws.findings(uri);
  const size = text().length;
  assert.ok(size > 400_000, `the file is ${size} characters`);
  const before = heapAfterGc();
  // One edit per document: every other document is reused, with its tree and objects, each time.
  for (let i = 0; i < docs; i++) {
    versions[i]!++;
    ws.setFile(uri, text(), { open: true });
    ws.findings(uri);
  }
  const grown = heapAfterGc() - before;
  // Kept alive through the reused documents, the old versions cost about one file per edit
  // (60 × 0.5 MB); without them the heap stays where it was, give or take the latest parse.
  assert.ok(grown < 8 * size, `the heap grew by ${(grown / 1024 / 1024).toFixed(1)} MB over ${docs} edits of a ${(size / 1024 / 1024).toFixed(1)} MB file`);
  assert.equal(ws.parsed(uri)?.objects.length, docs);
  assert.equal(ws.text(uri), text());
  // The copies are the documents' own text: every span still reads the file's current text, open
  // or closed, and a closed document's tree is rebuilt from it.
  ws.close(uri);
  const current = text();
  for (const o of ws.parsed(uri)!.objects) assert.equal(current.slice(nameSpanOf(o)!.start, nameSpanOf(o)!.end), o.name);
  const doc = ws.documentAt(uri, ws.parsed(uri)!.objects.at(-1)!.span.start);
  assert.ok(doc?.yaml, 'the closed document is re-parsed for the features that need its tree');
  assert.equal(doc.text, current.slice(doc.span.start, doc.span.end));
});
