/**
 * What one pass computes once and hands on, proved equal to computing it again:
 * `WorkspaceIndex.setObjects` returns the keys its removed and added objects provide (the
 * workspace's touched keys); `serviceLinks` answers from its last answer only inside
 * `withServiceLinksMemo` (one object's rules), for the same Service, index and scope; the rules
 * of an object share one context, a rule that throws loses only its own reports.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../server/src/core/analysis';
import { serviceLinks, withServiceLinksMemo } from '../../server/src/core/model/service-links';
import { isService, type K8sObject, type Service } from '../../server/src/core/model/types';
import { parseFile } from '../../server/src/core/parse/parse-file';
import type { Rule } from '../../server/src/core/rules/rule';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { providedKeys } from '../../server/src/core/workspace/dependencies';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspace-index';

const parse = (uri: string, text: string) => parseFile({ uri, text, defaultNamespace: 'default' }).objects;

const FILE = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http, nodePort: 30080}]
  type: NodePort
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      containers:
        - name: web
          ports: [{name: http, containerPort: 8080, hostPort: 8080}]
          env: [{name: UPSTREAM, value: "http://cart.shop:7070"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: conf, namespace: shop}
data: {url: "redis.cache.svc:6379"}
`;

const union = (objects: readonly K8sObject[]) => new Set(objects.flatMap((o) => providedKeys(o)));

test('setObjects returns the keys the removed and added objects provide', () => {
  const index = new WorkspaceIndex();
  const uri = 'file:///w/a.yaml';
  const first = parse(uri, FILE);
  const added = index.setObjects(uri, first);
  assert.deepEqual(added.removed, []);
  assert.deepEqual(added.added, first);
  assert.deepEqual(added.provided, union(first));
  assert.ok(added.provided.size > 5);

  // An edit that keeps the first two objects and replaces the ConfigMap.
  const edited = [first[0]!, first[1]!, ...parse(uri, FILE.replace('redis.cache.svc:6379', 'db.data.svc:5432')).slice(2)];
  const changed = index.setObjects(uri, edited);
  assert.deepEqual(changed.removed, [first[2]]);
  assert.deepEqual(changed.added, [edited[2]]);
  assert.deepEqual(changed.provided, union([first[2]!, edited[2]!]));

  const emptied = index.setObjects(uri, []);
  assert.deepEqual(emptied.removed, edited);
  assert.deepEqual(emptied.provided, union(edited));
});

function indexed(): { index: WorkspaceIndex; service: Service } {
  const index = new WorkspaceIndex();
  const objects = parse('file:///w/a.yaml', FILE);
  index.setObjects('file:///w/a.yaml', objects);
  return { index, service: objects.find(isService)! };
}

test('serviceLinks remembers its last answer only inside withServiceLinksMemo', () => {
  const { index, service } = indexed();
  // Outside: computed each time (equal answers, new objects).
  const a = serviceLinks(index, service, 'app');
  const b = serviceLinks(index, service, 'app');
  assert.notEqual(a, b);
  assert.deepEqual(a, b);
  const other = indexed();
  withServiceLinksMemo(() => {
    const first = serviceLinks(index, service, 'app');
    assert.deepEqual(first, a);
    assert.equal(serviceLinks(index, service, 'app'), first, 'the same question: the last answer');
    assert.notEqual(serviceLinks(index, service, 'all'), first, 'another scope');
    assert.notEqual(serviceLinks(other.index, other.service, 'app'), first, 'another index and Service');
  });
  // Nothing kept after the run.
  const after = serviceLinks(index, service, 'app');
  assert.notEqual(after, a);
  assert.deepEqual(after, a);
});

test('the rules of an object share a context; a rule that throws loses only its own reports', () => {
  const uri = 'file:///w/a.yaml';
  const { index } = indexed();
  const objects = index.objectsIn(uri);
  const contexts = new Set<unknown>();
  const rule = (id: string, run: (o: K8sObject, report: (m: string) => void) => void): Rule => ({
    id,
    defaultSeverity: 'warning',
    description: id,
    check(o, ctx) {
      contexts.add(ctx);
      run(o, (message) => ctx.report({ span: o.span, message }));
    },
  });
  const errors: string[] = [];
  const findings = analyzeFile({
    uri,
    text: FILE,
    objects,
    notes: [],
    index,
    settings: DEFAULT_SETTINGS,
    onRuleError: (id) => errors.push(id),
    rules: [
      rule('first', (o, report) => report(`first ${o.kind}`)),
      rule('throws', (o, report) => {
        report(`lost ${o.kind}`);
        throw new Error('boom');
      }),
      rule('two', (o, report) => {
        if (o.kind === 'Service') {
          report('two a');
          report('two b');
        }
      }),
    ],
  });
  assert.equal(contexts.size, objects.length, 'one context per object');
  assert.deepEqual(errors, ['throws', 'throws', 'throws']);
  assert.deepEqual(
    findings.map((f) => `${f.rule}: ${f.message}`),
    ['first: first Service', 'two: two a', 'two: two b', 'first: first Deployment', 'first: first ConfigMap'],
  );
});

test('a bulk load keeps no per-key change history; answers computed before its last change are stale', () => {
  const index = new WorkspaceIndex();
  const a = 'file:///w/a.yaml';
  const b = 'file:///w/b.yaml';
  const objects = parse(a, FILE);
  const [serviceKeys, configMapKeys] = [providedKeys(objects[0]!), providedKeys(objects[2]!)];
  index.setObjects(a, objects);
  assert.ok(index.changeHistorySize() > 0, 'outside a bulk load every provided key is remembered');
  const before = index.generation();

  const end = index.beginBulkLoad();
  assert.equal(index.changeHistorySize(), 0, 'the history before the bulk load is forgotten');
  assert.equal(index.changedSince(configMapKeys, before), false, 'nothing changed since `before` yet');
  const loaded = index.setObjects(b, parse(b, FILE.replace(/shop/g, 'other')));
  assert.deepEqual(loaded.provided, union(loaded.added), 'the touched keys are returned as always');
  assert.equal(index.changeHistorySize(), 0, 'a bulk load keeps no history per key');
  const middle = index.generation();
  assert.equal(index.changedSince(configMapKeys, before), true, 'whatever it read, an answer older than a change of the load is stale');
  assert.equal(index.changedSince([], before), true);
  assert.equal(index.changedSince(configMapKeys, middle), false, 'an answer computed after the last change holds');
  index.setObjects(b, []);
  assert.equal(index.changedSince(configMapKeys, middle), true);
  end();
  end();

  // After the load, changes are remembered per key again.
  const after = index.generation();
  const edited = [objects[0]!, objects[1]!, ...parse(a, FILE.replace('redis.cache.svc:6379', 'db.data.svc:5432')).slice(2)];
  index.setObjects(a, edited);
  assert.ok(index.changeHistorySize() > 0);
  assert.equal(index.changedSince(configMapKeys, after), true, 'the ConfigMap was replaced');
  assert.equal(index.changedSince(serviceKeys.filter((k) => !configMapKeys.includes(k)), after), false, 'the Service stayed in its file');
});
