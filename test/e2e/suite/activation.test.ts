import * as assert from 'assert';
import * as vscode from 'vscode';
import { extension, openFixture, waitForDiagnostics } from './helpers';

suite('extension', () => {
  test('kube-ports.kube-ports is installed, with its manifest and settings', () => {
    const ext = extension();
    const pkg = ext.packageJSON as Record<string, any>;
    assert.strictEqual(pkg.main, './dist/extension.js');
    const configs = [pkg.contributes?.configuration ?? []].flat();
    const properties = Object.assign({}, ...configs.map((c: any) => c.properties ?? {}));
    assert.strictEqual(properties['kubePorts.nodePortRange']?.default, '30000-32767');
    assert.strictEqual(vscode.workspace.getConfiguration('kubePorts').get('nodePortRange'), '30000-32767');
  });

  test('activates on a YAML manifest and its server publishes diagnostics', async () => {
    const { doc } = await openFixture('broken.yaml');
    assert.strictEqual(doc.languageId, 'yaml');
    const ds = await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'kube-ports diagnostics');
    assert.ok(ds.every((d) => d.source === 'kube-ports'));
    // Activated by its own activation events: the suite never calls activate().
    assert.strictEqual(extension().isActive, true, 'kube-ports is not active');
  });
});
