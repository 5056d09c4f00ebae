import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  applyCodeAction,
  codeActionsAt,
  openFixture,
  positionOf,
  restoreText,
  screenshot,
  serverReady,
  waitForNoRule,
  waitForRule,
} from './helpers';

const titles = (as: { title: string }[]) => as.map((a) => a.title).join(' | ') || '(none)';

suite('code actions', () => {

  test('Add nodePort: switches a ClusterIP Service to NodePort with the lowest free nodePort', async () => {
    await serverReady();
    const { doc } = await openFixture('api.yaml');
    const original = doc.getText();
    try {
      const actions = await codeActionsAt(doc.uri, positionOf(doc, 'port: 80', 0, 'port: '.length));
      const add = actions.find((a) => a.title.startsWith('Add nodePort'));
      assert.ok(add, `no "Add nodePort" action; offered: ${titles(actions)}`);
      assert.match(add.title, /30000/, 'the lowest free nodePort in 30000-32767 (web.yaml holds 30080)');
      await applyCodeAction(add);
      const text = doc.getText();
      assert.match(text, /^\s+type: NodePort$/m);
      assert.match(text, /^\s+nodePort: 30000$/m);
      assert.ok(text.startsWith('# A healthy ClusterIP Service'), 'the comment survives');
      assert.ok(text.includes('targetPort: 9000'), 'the rest of the port survives');
    } finally {
      await restoreText(doc, original);
    }
  });

  test('Add Endpoints: appends Endpoints for a selectorless Service and the warning goes away', async () => {
    await serverReady();
    const { doc } = await openFixture('external-db.yaml');
    const original = doc.getText();
    const [d] = await waitForRule(doc.uri, 'selectorless-service-without-endpoints');
    try {
      const actions = await codeActionsAt(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const add = actions.find((a) => a.title.startsWith('Add Endpoints'));
      assert.ok(add, `no "Add Endpoints" quick fix; offered: ${titles(actions)}`);
      await applyCodeAction(add);
      const text = doc.getText();
      assert.ok(text.startsWith(original.trimEnd()), 'the Service is unchanged');
      const added = text.slice(original.trimEnd().length);
      assert.match(added, /^\s*---\s*$/m, 'a document separator');
      assert.match(added, /^kind: Endpoints$/m);
      assert.match(added, /^\s+name: external-db$/m);
      assert.match(added, /\bport: 5432\b/);
      assert.match(added, /\bname: postgres\b/, 'port names mirror the Service');
      await waitForNoRule(doc.uri, 'selectorless-service-without-endpoints');
    } finally {
      await restoreText(doc, original);
    }
    await waitForRule(doc.uri, 'selectorless-service-without-endpoints');
  });

  test('the quick-fix menu on the unresolved targetPort', async () => {
    await serverReady();
    const { doc, editor } = await openFixture('broken.yaml');
    const [d] = await waitForRule(doc.uri, 'target-port-name-unresolved');
    const actions = await codeActionsAt(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.length > 0, 'no quick fix for target-port-name-unresolved');
    editor.selection = new vscode.Selection(d.range.start, d.range.start);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await screenshot('quick-fix-menu', { waitFor: '.action-widget' });
    await vscode.commands.executeCommand('hideCodeActionWidget').then(undefined, () => undefined);
  });
});
