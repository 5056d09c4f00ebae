import * as assert from 'assert';
import * as vscode from 'vscode';
import { openFixture, serverReady, setSetting, waitForNoRule, waitForRule } from './helpers';

suite('settings', () => {
  teardown(() => setSetting('kubePorts.nodePortRange', undefined));

  test('kubePorts.nodePortRange: diagnostics follow a changed range', async () => {
    await serverReady();
    const { doc } = await openFixture('web.yaml');
    await setSetting('kubePorts.nodePortRange', '31000-31999');
    const [d] = await waitForRule(doc.uri, 'node-port-out-of-range');
    assert.strictEqual(doc.getText(d.range), '30080');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    await setSetting('kubePorts.nodePortRange', undefined);
    await waitForNoRule(doc.uri, 'node-port-out-of-range');
  });
});
