import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { FILES, pos, rangeOf } from './navigation-workspace';

let client: LspClient;
before(async () => {
  client = await LspClient.start({ files: FILES, capabilities: { textDocument: { rename: { prepareSupport: true } } } });
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

const prepare = (rel: string, position: Position) =>
  client.request<{ range: Range; placeholder: string } | null>('textDocument/prepareRename', { textDocument: { uri: client.uri(rel) }, position });
const rename = (rel: string, position: Position, newName: string) =>
  client.request<WorkspaceEdit | null>('textDocument/rename', { textDocument: { uri: client.uri(rel) }, position, newName });
const edit = (range: Range, newText: string): TextEdit => ({ range, newText });
const probeRange = (): Range => ({ start: pos('shop/deployment.yaml', 'port: http', 0, 6), end: pos('shop/deployment.yaml', 'port: http', 0, 10) });

/** Everything that says `http` for the web Pods: both container ports, the targetPort, the probe. */
function httpEdits(newName: string): WorkspaceEdit {
  return {
    changes: {
      [client.uri('shop/deployment.yaml')]: [edit(rangeOf('shop/deployment.yaml', 'http', 0), newName), edit(probeRange(), newName)],
      [client.uri('shop/pod.yaml')]: [edit(rangeOf('shop/pod.yaml', 'http'), newName)],
      [client.uri('shop/service.yaml')]: [edit(rangeOf('shop/service.yaml', 'http', 1), newName)],
    },
  };
}

test('advertises prepareRename', () => {
  assert.deepEqual(client.initializeResult.capabilities.renameProvider, { prepareProvider: true });
});

test('prepareRename on a container port name, a named targetPort, a named probe port', async () => {
  assert.deepEqual(await prepare('shop/deployment.yaml', pos('shop/deployment.yaml', 'http', 0, 2)), { range: rangeOf('shop/deployment.yaml', 'http', 0), placeholder: 'http' });
  assert.deepEqual(await prepare('shop/service.yaml', pos('shop/service.yaml', 'http', 1, 2)), { range: rangeOf('shop/service.yaml', 'http', 1), placeholder: 'http' });
  assert.deepEqual(await prepare('shop/deployment.yaml', probeRange().start), { range: probeRange(), placeholder: 'http' });
});

test('renaming a container port name updates the targetPorts (across files) and probes, and the other Pods the Service selects', async () => {
  assert.deepEqual(await rename('shop/deployment.yaml', pos('shop/deployment.yaml', 'http', 0, 2), 'web'), httpEdits('web'));
});

test('and vice versa: from the targetPort, or from the probe', async () => {
  assert.deepEqual(await rename('shop/service.yaml', pos('shop/service.yaml', 'http', 1, 2), 'web'), httpEdits('web'));
  assert.deepEqual(await rename('shop/deployment.yaml', probeRange().start, 'web'), httpEdits('web'));
});

test('a port no Service uses: only its own name (not the same name in another namespace)', async () => {
  assert.deepEqual(await rename('other/lonely.yaml', pos('other/lonely.yaml', 'http', 0, 1), 'www'), {
    changes: { [client.uri('other/lonely.yaml')]: [edit(rangeOf('other/lonely.yaml', 'http'), 'www')] },
  });
});

async function rejects(p: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.match(e.message, message);
    return true;
  });
}

test('refused with a clear error where rename does not apply', async () => {
  await rejects(prepare('shop/service.yaml', pos('shop/service.yaml', 'NodePort', 0, 1)), /renames container port names/);
  await rejects(prepare('shop/deployment.yaml', pos('shop/deployment.yaml', '8080', 0, 1)), /Only a port's name can be renamed \(this is its containerPort\)/);
  await rejects(prepare('shop/service.yaml', pos('shop/service.yaml', 'targetPort: nope', 0, 13)), /targetPort "nope" matches no container port/);
  await rejects(prepare('other/service.yaml', pos('other/service.yaml', 'targetPort: http', 0, 13)), /targetPort "http" matches no container port/);
  await rejects(prepare('shop/deployment.yaml', pos('shop/deployment.yaml', 'port: 9090', 0, 7)), /port number 9090, not a port name/);
  await rejects(prepare('shop/service.yaml', pos('shop/service.yaml', 'name: metrics', 0, 7)), /Service port name is not supported/);
});

test('the new name must be an IANA service name, and not clash with another port of the container', async () => {
  const at = pos('shop/deployment.yaml', 'http', 0, 2);
  await rejects(rename('shop/deployment.yaml', at, 'HTTP'), /"HTTP" is not a valid port name: it must be an IANA service name/);
  await rejects(rename('shop/deployment.yaml', at, 'a-very-long-port-name'), /not a valid port name/);
  await rejects(rename('shop/deployment.yaml', at, '8080'), /not a valid port name/);
  await rejects(rename('shop/deployment.yaml', at, 'metrics'), /already has a port named "metrics"/);
});
