import * as assert from 'assert';
import * as vscode from 'vscode';
import { openFixture, serverReady, symbolNames } from './helpers';

suite('symbols', () => {

  test('document symbols: "Kind name" per object, ports as children', async () => {
    await serverReady();
    const { doc } = await openFixture('web.yaml');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
    assert.ok(symbols && symbols.length > 0, 'no document symbols for web.yaml');
    const names = symbolNames(symbols);
    assert.ok(names.includes('Deployment web'), `symbols: ${names.join(', ')}`);
    assert.ok(names.includes('Service web'), `symbols: ${names.join(', ')}`);
    const service = symbols.find((s) => s.name === 'Service web');
    if (service && 'children' in service) {
      assert.ok(service.children.length > 0, 'the Service has its ports as children');
      assert.ok(doc.getText(service.range).includes('kind: Service'), 'the Service symbol covers its object');
    }
  });

  test('workspace symbols find objects in every file', async () => {
    await serverReady();
    const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
      'vscode.executeWorkspaceSymbolProvider',
      'shop',
    );
    const names = (found ?? []).map((s) => `${s.name} @ ${s.location.uri.path.split('/').pop()}`);
    assert.ok(names.some((n) => n.startsWith('Service shop @ broken.yaml')), `found: ${names.join(', ')}`);
    assert.ok(names.some((n) => n.startsWith('Deployment shop @ broken.yaml')), `found: ${names.join(', ')}`);
  });
});
