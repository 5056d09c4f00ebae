/**
 * Answers remembered while the index's generation holds — `selectedWorkloads` per index view and
 * Service, `networkPoliciesIn` per namespace: every change to the index must give a fresh answer,
 * and an unchanged index the same one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isService, type Service } from '../../server/src/core/model/types';
import { selectedWorkloads } from '../../server/src/core/model/service-links';
import { referencesOf } from '../../server/src/core/references/service-references';
import { Workspace } from '../../server/src/core/workspace/workspace';
import { uriOf } from '../support/fixture';

const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';
const deploy = (name: string, app: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec:\n      containers: [{name: c, ports: [{containerPort: 80}]}]\n`;

const serviceOf = (ws: Workspace): Service => ws.objectsOf(uriOf('/apps/web/svc.yaml')).find(isService)!;
const brief = (ws: Workspace) =>
  selectedWorkloads(ws.index, serviceOf(ws)).map((s) => `${s.workload.name} @${s.workload.uri.slice(uriOf('/').length)} +${s.alsoDefinedIn.map((w) => w.uri.slice(uriOf('/').length)).join(',')}${s.nearby ? ' nearby' : ''}`);

test('selected workloads follow every change of the index: nearest definition first, one per name', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/apps/web/svc.yaml'), svc);
  ws.setFile(uriOf('/other/far/deploy.yaml'), deploy('web', 'web'));
  assert.deepEqual(brief(ws), ['web @other/far/deploy.yaml +']);
  const first = selectedWorkloads(ws.index, serviceOf(ws));
  assert.equal(selectedWorkloads(ws.index, serviceOf(ws)), first, 'the same answer while the index is unchanged');
  ws.setFile(uriOf('/apps/web/deploy.yaml'), deploy('web', 'web'));
  assert.deepEqual(brief(ws), ['web @apps/web/deploy.yaml +other/far/deploy.yaml nearby']);
  ws.setFile(uriOf('/apps/near/deploy.yaml'), deploy('web', 'web'));
  assert.deepEqual(brief(ws), ['web @apps/web/deploy.yaml +apps/near/deploy.yaml,other/far/deploy.yaml nearby']);
  ws.setFile(uriOf('/apps/web/deploy.yaml'), deploy('web', 'not-web'));
  assert.deepEqual(brief(ws), ['web @apps/near/deploy.yaml +other/far/deploy.yaml']);
  ws.setFile(uriOf('/apps/api.yaml'), deploy('api', 'web'));
  assert.deepEqual(brief(ws), ['api @apps/api.yaml +', 'web @apps/near/deploy.yaml +other/far/deploy.yaml']);
  ws.removeFile(uriOf('/apps/near/deploy.yaml'));
  ws.removeFile(uriOf('/other/far/deploy.yaml'));
  assert.deepEqual(brief(ws), ['api @apps/api.yaml +']);
});

test('network policies of a namespace follow every change of the index, in source order', () => {
  const ws = new Workspace();
  const policy = (name: string, ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  podSelector: {}\n`;
  const names = (ns: string) => ws.index.networkPoliciesIn(ns).map((p) => p.name);
  ws.setFile(uriOf('/b.yaml'), policy('b', 'prod'));
  assert.deepEqual(names('prod'), ['b']);
  const first = ws.index.networkPoliciesIn('prod');
  assert.equal(ws.index.networkPoliciesIn('prod'), first, 'the same answer while the index is unchanged');
  assert.deepEqual(names('dev'), []);
  ws.setFile(uriOf('/a.yaml'), policy('a', 'prod') + '---\n' + policy('a2', 'dev'));
  assert.deepEqual(names('prod'), ['a', 'b']);
  assert.deepEqual(names('dev'), ['a2']);
  ws.setFile(uriOf('/b.yaml'), policy('b', 'dev'));
  assert.deepEqual(names('prod'), ['a']);
  assert.deepEqual(names('dev'), ['a2', 'b']);
  ws.removeFile(uriOf('/a.yaml'));
  assert.deepEqual(names('prod'), []);
  assert.deepEqual(names('dev'), ['b']);
});

test('what is remembered beside the model keeps one shared empty list, not one per Service, workload or file', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/apps/web/svc.yaml'), svc);
  ws.setFile(uriOf('/apps/web/deploy.yaml'), deploy('web', 'web'));
  ws.setFile(uriOf('/apps/api/deploy.yaml'), deploy('api', 'api'));
  const [selected] = selectedWorkloads(ws.index, serviceOf(ws));
  assert.equal(selected!.workload.name, 'web');
  assert.equal(selected!.alsoDefinedIn.length, 0);
  assert.ok(Object.isFrozen(selected!.alsoDefinedIn), 'a workload defined once: the shared empty list');
  const [web, api] = [uriOf('/apps/web/deploy.yaml'), uriOf('/apps/api/deploy.yaml')].map((u) => ws.objectsOf(u)[0]!);
  const settings = { clusterDomain: 'cluster.local' };
  assert.equal(referencesOf(ws.index, web, settings).length, 0);
  assert.equal(referencesOf(ws.index, web, settings), referencesOf(ws.index, api, settings), 'no references: the same empty list for both workloads');
  assert.ok(Object.isFrozen(referencesOf(ws.index, web, settings)));
  assert.deepEqual(ws.findings(uriOf('/apps/api/deploy.yaml')), []);
  assert.equal(ws.findings(uriOf('/apps/api/deploy.yaml')), ws.findings(uriOf('/apps/web/deploy.yaml')), 'files without findings share one empty list');
  // A list with items is the file's own, as before.
  ws.setFile(uriOf('/apps/bad.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n  selector: {app: nothing}\n  ports: [{port: 80}]\n');
  assert.ok(ws.findings(uriOf('/apps/bad.yaml')).length > 0);
  assert.ok(!Object.isFrozen(ws.findings(uriOf('/apps/bad.yaml'))));
});
