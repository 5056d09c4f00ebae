import * as assert from 'assert';
import * as vscode from 'vscode';
import { extension, fixtureUri, hasDriver, openFixture, positionOf, screenshot, serverReady, webviewAction } from './helpers';

interface Rendered {
  title: string;
  nodes: number;
  edges: number;
}

interface Api {
  onDidRenderWiringMap: vscode.Event<Rendered>;
}

const TIMEOUT_MS = 30_000;

/** The next drawing of the map that satisfies `predicate` (by the extension's event, never a sleep). */
function nextRender(predicate: (r: Rendered) => boolean, what: string): Promise<Rendered> {
  const api = extension().exports as Api;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for the wiring map to draw ${what}`));
    }, TIMEOUT_MS);
    const sub = api.onDidRenderWiringMap((r) => {
      if (!predicate(r)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

/** Resolves when an editor shows `uri` with the cursor on `line`. */
function editorAt(uri: vscode.Uri, line: number): Promise<vscode.TextEditor> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const e = vscode.window.activeTextEditor;
      if (e && e.document.uri.toString() === uri.toString() && e.selection.start.line === line) {
        done();
        resolve(e);
        return true;
      }
      return false;
    };
    const subs = [vscode.window.onDidChangeActiveTextEditor(() => check()), vscode.window.onDidChangeTextEditorSelection(() => check())];
    const timer = setTimeout(() => {
      done();
      const e = vscode.window.activeTextEditor;
      reject(new Error(`no editor of ${uri.path} at line ${line + 1}; active: ${e ? `${e.document.uri.path}:${e.selection.start.line + 1}` : 'none'}`));
    }, TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
    };
    check();
  });
}

suite('wiring map', () => {
  test('Show Wiring Map opens beside the editor with what the file touches; clicking a Service opens its line; Enter works too', async () => {
    await serverReady();
    const { doc } = await openFixture('web.yaml');
    // Room for the map beside the editor (the sidebar comes back at the end).
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    try {
      await showAndClick(doc);
    } finally {
      await vscode.commands.executeCommand('workbench.view.explorer');
    }
  });
});

async function showAndClick(doc: vscode.TextDocument): Promise<void> {
  const fileMap = nextRender((r) => r.nodes > 0, 'web.yaml');
  await vscode.commands.executeCommand('kubePorts.showWiringMap');
  const r = await fileMap;
  assert.match(r.title, /what web\.yaml touches/);
  assert.ok(r.nodes >= 3 && r.edges >= 2, `drew ${r.nodes} nodes, ${r.edges} links`);
  await screenshot('wiring-map-file', { waitFor: 'iframe.webview.ready' });
  if (!hasDriver()) return; // the desktop runner cannot reach into a webview

  // The whole workspace, by the panel's own checkbox.
  const whole = nextRender((x) => /whole workspace/.test(x.title), 'the whole workspace');
  await webviewAction('wiring-map-whole', '#whole');
  const w = await whole;
  assert.ok(w.nodes > r.nodes, `the workspace (${w.nodes} nodes) is more than web.yaml (${r.nodes})`);
  await screenshot('wiring-map', { waitFor: 'iframe.webview.ready' });

  // Close web.yaml (its tab only: the map keeps its place), then click its Service on the map:
  // the file opens at the Service's name.
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString());
  assert.ok(tabs.length > 0, 'web.yaml has a tab');
  await vscode.window.tabGroups.close(tabs);
  assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === doc.uri.toString()), 'web.yaml is closed');
  const serviceLine = positionOf(doc, 'name: web', 1).line;
  const opened = editorAt(fixtureUri('web.yaml'), serviceLine);
  await webviewAction('wiring-map-click-service', '[data-ref][aria-label^="Service: svc/web,"]');
  await opened;

  // Keyboard: focus the Deployment and press Enter.
  const deploymentLine = positionOf(doc, 'name: web', 0).line;
  const byKey = editorAt(fixtureUri('web.yaml'), deploymentLine);
  await webviewAction('wiring-map-enter-deployment', '[data-ref][aria-label^="Deployment: Deployment web,"]', 'Enter');
  await byKey;
}
