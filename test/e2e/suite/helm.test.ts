import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostics, hoverText, openFixture, positionOf, serverReady, waitForRule } from './helpers';

// chart/ is test/fixtures/render-host/web: `targetPort: htp` (line 14 of templates/service.yaml)
// names no container port of the rendered Deployment. helm comes from PATH (the e2e runner puts
// the tools cache there); the `helm` language id is contributed by the test host, as
// vscode-kubernetes-tools and helm-ls do.
suite('helm', () => {
  test('a chart template opened as `helm` gets the rendered Service\'s diagnostic on its line, and hovers', async function () {
    this.timeout(120_000); // the first render starts helm once the workspace is indexed
    await serverReady();
    const { doc } = await openFixture('chart/templates/service.yaml');
    const helmDoc = await vscode.languages.setTextDocumentLanguage(doc, 'helm');
    assert.strictEqual(helmDoc.languageId, 'helm');
    const ds = await waitForRule(helmDoc.uri, 'target-port-name-unresolved', 90_000);
    const d = ds.find((x) => codeOf(x) === 'target-port-name-unresolved')!;
    assert.strictEqual(d.range.start.line, 13, describeDiagnostics(helmDoc.uri));
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /targetPort "htp" names no container port of Deployment web-chart-web .*\(in Helm release web-chart\)/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', helmDoc.uri, positionOf(helmDoc, '.Values.service.port', 0, 2));
    assert.match(hoverText(hovers), /web-chart-web\.default\.svc\.cluster\.local:8080/);
  });
});
