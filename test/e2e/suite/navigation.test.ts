import * as assert from 'assert';
import * as vscode from 'vscode';
import { openFixture, positionOf, screenshot, serverReady } from './helpers';

type Loc = vscode.Location | vscode.LocationLink;
const uriOf = (l: Loc) => ('targetUri' in l ? l.targetUri : l.uri);
const rangeOf = (l: Loc) => ('targetUri' in l ? (l.targetSelectionRange ?? l.targetRange) : l.range);
const basename = (u: vscode.Uri) => u.path.split('/').pop();

suite('navigation', () => {

  test('definition: a named targetPort goes to the container port', async () => {
    await serverReady();
    const { doc } = await openFixture('web.yaml');
    const locs = await vscode.commands.executeCommand<Loc[]>(
      'vscode.executeDefinitionProvider',
      doc.uri,
      positionOf(doc, 'targetPort: http', 0, 'targetPort: '.length + 1),
    );
    assert.ok(locs && locs.length > 0, 'no definition for targetPort: http');
    const portLine = positionOf(doc, '- name: http').line;
    assert.ok(
      locs.some((l) => basename(uriOf(l)) === 'web.yaml' && rangeOf(l).start.line >= portLine && rangeOf(l).start.line <= portLine + 1),
      `definitions: ${locs.map((l) => `${basename(uriOf(l))}:${rangeOf(l).start.line + 1}`).join(', ')}`,
    );
  });

  test('references: a container port name is used by the Service targetPort', async () => {
    await serverReady();
    const { doc } = await openFixture('web.yaml');
    const refs = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      doc.uri,
      positionOf(doc, '- name: http', 0, '- name: '.length + 1),
    );
    const targetLine = positionOf(doc, 'targetPort: http').line;
    assert.ok(
      (refs ?? []).some((r) => basename(r.uri) === 'web.yaml' && r.range.start.line === targetLine),
      `references: ${(refs ?? []).map((r) => `${basename(r.uri)}:${r.range.start.line + 1}`).join(', ') || '(none)'}`,
    );
  });

  test('CodeLens: above a Service and above a workload', async () => {
    await serverReady();
    const { doc } = await openFixture('web.yaml');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    const lensTitles = (lenses ?? []).map((l) => l.command?.title ?? '');
    assert.ok(lensTitles.some((t) => /selects 1 workload/.test(t) && /NodePort 30080/.test(t)), `lenses: ${lensTitles.join(' | ')}`);
    assert.ok(lensTitles.some((t) => /exposed by svc\/web:8080/.test(t)), `lenses: ${lensTitles.join(' | ')}`);
    await screenshot('codelens', { waitFor: '.codelens-decoration' });
  });

  test('completion: targetPort offers the selected containers\' port names and numbers', async () => {
    await serverReady();
    const { doc } = await openFixture('broken.yaml');
    // The editor's word-based suggestions ("web" is a word in the file) must not pass for ours.
    const editorConfig = vscode.workspace.getConfiguration('editor');
    const words = editorConfig.inspect('wordBasedSuggestions')?.globalValue;
    await editorConfig.update('wordBasedSuggestions', 'off', vscode.ConfigurationTarget.Global);
    let list: vscode.CompletionList | undefined;
    try {
      list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        positionOf(doc, 'targetPort: http', 0, 'targetPort: '.length),
      );
    } finally {
      await editorConfig.update('wordBasedSuggestions', words, vscode.ConfigurationTarget.Global);
    }
    const labels = (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('web'), `completions: ${labels.join(', ') || '(none)'}`);
    assert.ok(labels.includes('8080'), `completions: ${labels.join(', ') || '(none)'}`);
  });
});
