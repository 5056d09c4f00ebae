import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LspClient } from '../support/lsp-client';

const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;
const DEPLOYMENT = (app: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      containers: [{name: c, ports: [{containerPort: 80}]}]
`;

let client: LspClient;
let refreshes = { codeLens: 0, inlayHint: 0 };
before(async () => {
  client = await LspClient.start({
    files: { 'svc.yaml': SERVICE, 'deploy.yaml': DEPLOYMENT('web'), },
    capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } } },
    // Registered before the server starts: the refresh after indexing may come before start() returns.
    requests: {
      'workspace/codeLens/refresh': () => (refreshes.codeLens++, null),
      'workspace/inlayHint/refresh': () => (refreshes.inlayHint++, null),
    },
  });
  // The refresh sent once indexing has finished comes first; the test counts only what follows.
  await client.until(() => refreshes.codeLens > 0, 'the refresh after indexing');
});
after(async () => {
  await client.stop();
});

test('an edit that changes another file\'s wiring asks the editor to refresh CodeLens and inlay hints', { timeout: 30_000 }, async () => {
  refreshes = { codeLens: 0, inlayHint: 0 };
  await client.open('deploy.yaml', DEPLOYMENT('web'));
  await client.change('deploy.yaml', DEPLOYMENT('moved'));
  await client.diagnosticsFor('svc.yaml', (d) => d.length === 1);
  await client.until(() => refreshes.codeLens > 0 && refreshes.inlayHint > 0, 'refresh requests');
  assert.ok(refreshes.codeLens >= 1 && refreshes.inlayHint >= 1);
});
