/**
 * OLM operator bundles (issue 16, item 9): the Deployments a ClusterServiceVersion embeds are
 * workloads of the CSV's namespace, with spans into the CSV; a Service of the bundle is judged
 * against them, not against a same-labelled Deployment of an unrelated folder. When a Service's
 * folder has no selected workload, the target-port messages say where the ones it was judged
 * against come from.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameSpanOf, isWorkload } from '../../server/src/core/model/types';
import { Workspace } from '../../server/src/core/workspace/workspace';

const U = (p: string) => `file:///repo/${p}`;

const CSV = `apiVersion: operators.coreos.com/v1alpha1
kind: ClusterServiceVersion
metadata:
  name: memcached-operator.v0.0.1
  namespace: operators
spec:
  install:
    strategy: deployment
    spec:
      deployments:
      - name: memcached-operator-controller-manager
        label:
          control-plane: controller-manager
        spec:
          replicas: 1
          selector:
            matchLabels:
              control-plane: controller-manager
          template:
            metadata:
              labels:
                control-plane: controller-manager
            spec:
              containers:
              - name: manager
                ports:
                - name: https
                  containerPort: 8443
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: controller-manager-metrics
  namespace: operators
spec:
  selector:
    control-plane: controller-manager
  ports:
  - name: https
    port: 8443
    targetPort: https
`;
const UNRELATED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: sample
  namespace: operators
spec:
  selector:
    matchLabels: {control-plane: controller-manager}
  template:
    metadata:
      labels: {control-plane: controller-manager}
    spec:
      containers:
      - name: sample
        ports: [{name: http, containerPort: 8080}]
`;

test('the Deployments of a ClusterServiceVersion are workloads of its namespace, with spans into the CSV', () => {
  const ws = new Workspace();
  ws.setFile(U('bundle/manifests/csv.yaml'), CSV);
  const objects = ws.objectsOf(U('bundle/manifests/csv.yaml'));
  assert.deepEqual(objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`), ['ClusterServiceVersion/operators/memcached-operator.v0.0.1', 'Deployment/operators/memcached-operator-controller-manager']);
  const d = objects[1]!;
  assert.ok(isWorkload(d));
  assert.equal(CSV.slice(nameSpanOf(d)!.start, nameSpanOf(d)!.end), 'memcached-operator-controller-manager');
  assert.ok(CSV.slice(d.span.start, d.span.end).startsWith('name: memcached-operator-controller-manager\n        label:'));
  const port = d.template!.containers[0]!.ports[0]!;
  assert.equal(CSV.slice(port.containerPort!.start, port.containerPort!.end), '8443');
  assert.equal(d.template!.labels!.entries[0]!.key, 'control-plane');
});

test('a bundle Service is judged against its CSV\'s Deployment, not a same-labelled Deployment of an examples folder', () => {
  const ws = new Workspace();
  ws.setFile(U('bundle/manifests/csv.yaml'), CSV);
  ws.setFile(U('bundle/manifests/metrics-service.yaml'), SERVICE);
  ws.setFile(U('examples/sample.yaml'), UNRELATED);
  assert.deepEqual(ws.findings(U('bundle/manifests/metrics-service.yaml')).map((f) => f.rule), []);
});

test('with no selected workload in its folder, the target-port messages say which folder the workloads come from', () => {
  const ws = new Workspace();
  ws.setFile(U('bundle/manifests/metrics-service.yaml'), SERVICE);
  ws.setFile(U('examples/sample.yaml'), UNRELATED);
  const [f] = ws.findings(U('bundle/manifests/metrics-service.yaml'));
  assert.equal(f?.rule, 'target-port-name-unresolved');
  assert.match(f!.message, / No workload in this Service's folder is selected: it was judged against the workloads from examples\/\.$/);
  // With a selected workload in its own folder, no such sentence.
  ws.setFile(U('bundle/manifests/sample.yaml'), UNRELATED.replace('name: sample', 'name: local'));
  assert.doesNotMatch(ws.findings(U('bundle/manifests/metrics-service.yaml'))[0]!.message, /judged against/);
});
