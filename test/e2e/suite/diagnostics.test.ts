import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  codeOf,
  openFixture,
  positionOf,
  restoreText,
  screenshot,
  waitForNoRule,
  waitForRule,
} from './helpers';

suite('diagnostics', () => {
  test('target-port-name-unresolved: an error on the named targetPort the Deployment lacks', async () => {
    const { doc, editor } = await openFixture('broken.yaml');
    const [d] = await waitForRule(doc.uri, 'target-port-name-unresolved');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.source, 'kube-ports');
    assert.strictEqual(doc.getText(d.range), 'http', 'the range covers the targetPort value');
    assert.strictEqual(d.range.start.line, positionOf(doc, 'targetPort: http').line);
    assert.match(d.message, /http/);

    editor.selection = new vscode.Selection(d.range.start, d.range.end);
    editor.revealRange(d.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('problems-panel', { waitFor: '.markers-panel .monaco-list-row' });
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  test('selectorless-service-without-endpoints: a warning on a Service with no backends', async () => {
    const { doc } = await openFixture('external-db.yaml');
    const [d] = await waitForRule(doc.uri, 'selectorless-service-without-endpoints');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(d.range.start.line >= positionOf(doc, 'kind: Service').line);
  });

  test('diagnostics follow edits: fixing the targetPort clears the error, restoring it brings it back', async () => {
    const { doc } = await openFixture('broken.yaml');
    await waitForRule(doc.uri, 'target-port-name-unresolved');
    const original = doc.getText();
    try {
      const edit = new vscode.WorkspaceEdit();
      const start = positionOf(doc, 'targetPort: http', 0, 'targetPort: '.length);
      edit.replace(doc.uri, new vscode.Range(start, start.translate(0, 'http'.length)), 'web');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const after = await waitForNoRule(doc.uri, 'target-port-name-unresolved');
      assert.ok(!after.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'no error left');
    } finally {
      await restoreText(doc, original);
    }
    const back = await waitForRule(doc.uri, 'target-port-name-unresolved');
    assert.strictEqual(codeOf(back[0]), 'target-port-name-unresolved');
  });
});
