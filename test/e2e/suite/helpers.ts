// Helpers for the e2e suite: fixtures, waiting for diagnostics by event,
// provider results as text, settings, and screenshot requests to the driver.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'kube-ports.kube-ports';
export const SOURCE = 'kube-ports';

/** How long to wait for the server's first diagnostics (server start included). */
export const DIAGNOSTICS_TIMEOUT_MS = Number(process.env.KUBE_PORTS_E2E_DIAGNOSTICS_TIMEOUT_MS || 45_000);

// ---------------------------------------------------------------- fixtures
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e workspace (test/e2e/workspace, copied) is not open');
  return folder.uri;
}

export function fixtureUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

export async function openFixture(rel: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(rel));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

/** Position of the `occurrence`-th (0-based) match of `needle` in the document, offset by `delta` chars. */
export function positionOf(doc: vscode.TextDocument, needle: string, occurrence = 0, delta = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = doc.getText().indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (#${occurrence}) not found in ${path.basename(doc.uri.path)}`);
  }
  return doc.positionAt(at + delta);
}

/** Replaces the document's text and saves it: undoes an applied code action. */
export async function restoreText(doc: vscode.TextDocument, text: string): Promise<void> {
  if (doc.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    assert.ok(await vscode.workspace.applyEdit(edit), 'restoring the fixture text failed');
  }
  if (doc.isDirty) await doc.save();
}

// ---------------------------------------------------------------- diagnostics
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function kubeDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (all.length === 0) return '(none)';
  return all
    .map(
      (d) =>
        `${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} [${d.source}/${codeOf(d)}] ${d.message}`,
    )
    .join('\n  ');
}

let serverSilent = false;

/**
 * Resolves with the kube-ports diagnostics of `uri` once `predicate` holds for
 * them: now, or at a later onDidChangeDiagnostics event. Rejects after
 * `timeoutMs` with what the document had then. Never sleeps.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = DIAGNOSTICS_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  if (!vscode.extensions.getExtension(EXTENSION_ID)) {
    return Promise.reject(new Error(`extension ${EXTENSION_ID} is not installed: no diagnostics to wait for`));
  }
  if (serverSilent) {
    return Promise.reject(
      new Error(`the kube-ports server has not published any diagnostic in this run (see the first failure); not waiting for ${what}`),
    );
  }
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const ds = kubeDiagnostics(uri);
      if (!predicate(ds)) return false;
      done();
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      // Fail the rest of the run fast when the server never said anything.
      serverSilent = !vscode.languages.getDiagnostics().some(([, ds]) => ds.some((d) => d.source === SOURCE));
      reject(
        new Error(
          `timed out after ${timeoutMs} ms waiting for ${what} in ${path.basename(uri.path)}; ` +
            `its diagnostics:\n  ${describeDiagnostics(uri)}`,
        ),
      );
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

export function waitForRule(uri: vscode.Uri, rule: string, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === rule), `a "${rule}" diagnostic`, timeoutMs).then(
    (ds) => ds.filter((d) => codeOf(d) === rule),
  );
}

export function waitForNoRule(uri: vscode.Uri, rule: string, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === rule), `no "${rule}" diagnostic`, timeoutMs);
}

// ---------------------------------------------------------------- providers
export function markdownText(c: vscode.MarkdownString | vscode.MarkedString | { language: string; value: string }): string {
  if (typeof c === 'string') return c;
  return c.value;
}

export function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map(markdownText)).join('\n---\n');
}

export function symbolNames(symbols: (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined): string[] {
  const out: string[] = [];
  const walk = (s: vscode.DocumentSymbol | vscode.SymbolInformation) => {
    out.push(s.name);
    if ('children' in s) s.children.forEach(walk);
  };
  (symbols ?? []).forEach(walk);
  return out;
}

export async function codeActionsAt(
  uri: vscode.Uri,
  at: vscode.Range | vscode.Position,
  kind?: string,
): Promise<(vscode.CodeAction | vscode.Command)[]> {
  const range = at instanceof vscode.Position ? new vscode.Range(at, at) : at;
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind,
  );
  return actions ?? [];
}

/** Applies a code action the way the editor does: its edit, then its command. */
export async function applyCodeAction(action: vscode.CodeAction | vscode.Command): Promise<void> {
  if (typeof action.command === 'string') {
    const c = action as vscode.Command;
    await vscode.commands.executeCommand(c.command, ...(c.arguments ?? []));
    return;
  }
  const a = action as vscode.CodeAction;
  if (a.edit) assert.ok(await vscode.workspace.applyEdit(a.edit), `applying "${a.title}" failed`);
  if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []));
}

// ---------------------------------------------------------------- settings
export async function setSetting(key: string, value: unknown): Promise<void> {
  const [section, ...rest] = key.split('.');
  await vscode.workspace
    .getConfiguration(section)
    .update(rest.join('.'), value, vscode.ConfigurationTarget.Global);
}

// ---------------------------------------------------------------- screenshots
export interface ScreenshotOptions {
  /** CSS selector the driver waits for (visible) before it shoots. */
  waitFor?: string;
  /** CSS selector of the element to shoot (with some margin) instead of the page. */
  clip?: string;
  /** How long to wait for the driver, in ms. */
  timeoutMs?: number;
}

/**
 * Asks the browser driver (scripts/e2e/run-code-server.mjs) for a screenshot
 * of what the editor shows now, and waits until it is taken. Resolves to the
 * PNG path, or undefined where there is no driver (the desktop runner) or it
 * did not answer. A missing screenshot never fails a test.
 */
export async function screenshot(name: string, opts: ScreenshotOptions = {}): Promise<string | undefined> {
  return driverRequest(name, { waitFor: opts.waitFor, clip: opts.clip }, opts.timeoutMs);
}

/** Whether a browser driver answers requests (the code-server runner; not the desktop one). */
export function hasDriver(): boolean {
  return !!process.env.KUBE_PORTS_E2E_SCREENSHOTS;
}

/**
 * Asks the browser driver to click (or focus and press `key` on) the first element matching
 * `selector` in any frame — inside a webview, which the extension host cannot reach. Rejects
 * when the driver could not do it.
 */
export async function webviewAction(name: string, selector: string, key?: string): Promise<void> {
  if (!hasDriver()) throw new Error('webviewAction needs the code-server driver');
  const done = await driverRequest(name, { action: { selector, ...(key ? { key } : {}) } }, 30_000, true);
  if (!done) throw new Error(`the driver did not ${key ? `press ${key} on` : 'click'} ${selector}`);
}

async function driverRequest(name: string, body: Record<string, unknown>, timeoutMs = 30_000, action = false): Promise<string | undefined> {
  const dir = process.env.KUBE_PORTS_E2E_SCREENSHOTS;
  if (!dir) return undefined;
  const safe = name.replace(/[^a-z0-9-]+/gi, '-');
  const requests = path.join(dir, 'requests');
  const done = path.join(dir, `${safe}.done.json`);
  fs.mkdirSync(requests, { recursive: true });
  try {
    fs.rmSync(done, { force: true });
  } catch {
    /* ignore */
  }
  const tmp = path.join(requests, `.${safe}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify({ name: safe, ...body }));
  fs.renameSync(tmp, path.join(requests, `${safe}.json`));
  const answer = await new Promise<{ ok: boolean; path?: string; error?: string } | undefined>((resolve) => {
    let watcher: fs.FSWatcher | undefined;
    const finish = (v: { ok: boolean; path?: string; error?: string } | undefined) => {
      clearTimeout(timer);
      watcher?.close();
      resolve(v);
    };
    const check = () => {
      if (!fs.existsSync(done)) return;
      try {
        finish(JSON.parse(fs.readFileSync(done, 'utf8')));
      } catch {
        /* partially visible; the rename event comes next */
      }
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    watcher = fs.watch(dir, () => check());
    check();
  });
  const what = action ? 'action' : 'screenshot';
  if (!answer) console.warn(`[e2e] ${what} "${safe}": the driver did not answer within ${timeoutMs} ms`);
  else if (!answer.ok) console.warn(`[e2e] ${what} "${safe}" failed: ${answer.error}`);
  return answer?.ok ? (answer.path ?? safe) : undefined;
}

// ---------------------------------------------------------------- readiness
let readyOnce: Promise<void> | undefined;
/**
 * Resolves once the language server is up: broken.yaml is open and has
 * kube-ports diagnostics. Provider tests call this first so that an empty
 * result means "the provider returned nothing", not "the server was starting".
 */
export function serverReady(): Promise<void> {
  readyOnce ??= (async () => {
    const { doc } = await openFixture('broken.yaml');
    await waitForDiagnostics(doc.uri, (ds) => ds.length > 0, 'the first kube-ports diagnostics');
  })();
  return readyOnce;
}

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(
    ext,
    `extension ${EXTENSION_ID} is not installed; installed: ${vscode.extensions.all
      .map((e) => e.id)
      .filter((id) => !id.startsWith('vscode.'))
      .join(', ')}`,
  );
  return ext;
}
