import * as assert from 'assert';
import * as vscode from 'vscode';
import { hoverText, openFixture, positionOf, screenshot, serverReady } from './helpers';

async function hoverAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hoverText(hovers);
}

suite('hover', () => {

  test('a NodePort Service port shows every way in, down to the pods', async () => {
    await serverReady();
    const { doc, editor } = await openFixture('web.yaml');
    const pos = positionOf(doc, 'port: 8080', 0, 'port: '.length);
    const text = await hoverAt(doc, pos);
    assert.ok(text.length > 0, 'no hover over the Service port');
    assert.ok(text.includes('<any-node-ip>:30080'), `no NodePort access path in:\n${text}`);
    assert.ok(text.includes('web.default.svc.cluster.local:8080'), `no DNS name in:\n${text}`);
    assert.match(text, /<pod-ip>:80\b/, 'the endpoints resolve the named targetPort to 80');

    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover-nodeport', { waitFor: '.monaco-hover .hover-contents' });
  });

  test('a NodePort Service port without nodePort says it is auto-allocated from the range', async () => {
    await serverReady();
    const { doc } = await openFixture('broken.yaml');
    const text = await hoverAt(doc, positionOf(doc, 'port: 80', 0, 'port: '.length));
    assert.ok(text.includes('30000-32767'), `no node-port range in:\n${text}`);
  });
});
