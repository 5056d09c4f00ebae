/**
 * The wiring map: a webview panel beside the editor that shows the SVG the server draws
 * (`kubePorts/wiringGraph`, core/graph/) for what the active file touches, one Service, a
 * namespace or the whole workspace. Thin on purpose: the server builds and lays out the graph;
 * the panel shows it, follows the theme, and opens the source of a clicked (or Enter-pressed)
 * node or link. Strict CSP: no remote content, one nonce'd script and stylesheet, no local
 * resources. Redrawn when diagnostics change or another manifest becomes active.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WEBVIEW_THEME_CSS, WIRING_CSS } from '../../server/src/core/graph/style';
import { WIRING_GRAPH_REQUEST, type WiringGraphParams, type WiringGraphResult } from '../../server/src/lsp/wiring-graph-protocol';

export const SHOW_WIRING_MAP_COMMAND = 'kubePorts.showWiringMap';
const VIEW_TYPE = 'kubePorts.wiringMap';

/** What the command takes (the CodeLens passes a Service; the editor title menu passes the file's URI). */
export interface ShowWiringMapArgs {
  readonly uri?: string;
  readonly service?: { readonly namespace: string; readonly name: string };
}

export interface WiringMapRendered {
  readonly title: string;
  readonly nodes: number;
  readonly edges: number;
}

interface MapState {
  uri: string | undefined;
  service: { namespace: string; name: string } | undefined;
  whole: boolean;
  namespace: string;
  /** The panel's width (CSS px), as the webview last reported it. */
  width: number | undefined;
}

function isManifestEditor(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return !!editor && (editor.document.languageId === 'yaml' || /\.(ya?ml|json)$/i.test(editor.document.uri.path)) && editor.document.uri.scheme !== 'output';
}

export class WiringMap implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private last: WiringGraphResult | undefined;
  private readonly state: MapState = { uri: undefined, service: undefined, whole: false, namespace: '', width: undefined };
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private generation = 0;
  private readonly rendered = new vscode.EventEmitter<WiringMapRendered>();
  /** Fires when the webview has drawn a graph (tests wait for it). */
  readonly onDidRender = this.rendered.event;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.disposables.push(
      this.rendered,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!this.panel || !isManifestEditor(editor)) return;
        const uri = editor.document.uri.toString();
        if (uri === this.state.uri) return;
        this.state.uri = uri;
        this.state.service = undefined;
        if (!this.state.whole) this.scheduleRefresh(0);
      }),
      vscode.languages.onDidChangeDiagnostics(() => this.scheduleRefresh(400)),
    );
  }

  show(args: ShowWiringMapArgs = {}): void {
    const active = vscode.window.activeTextEditor;
    this.state.uri = typeof args.uri === 'string' ? args.uri : isManifestEditor(active) ? active.document.uri.toString() : this.state.uri;
    this.state.service = args.service && typeof args.service.name === 'string' ? { namespace: String(args.service.namespace), name: args.service.name } : undefined;
    if (this.state.service) this.state.whole = false;
    if (!this.state.uri && !this.state.service) this.state.whole = true;
    if (!this.panel) this.open();
    else this.panel.reveal(vscode.ViewColumn.Beside, true);
    this.scheduleRefresh(0);
  }

  private open(): void {
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'Wiring Map',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false, enableFindWidget: true },
    );
    this.panel = panel;
    panel.webview.html = html(nonce());
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.last = undefined;
    });
    panel.onDidChangeViewState(() => {
      if (panel.visible) this.scheduleRefresh(0);
    });
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
  }

  private onMessage(m: unknown): void {
    if (!m || typeof m !== 'object') return;
    const msg = m as { type?: string; ref?: unknown; whole?: unknown; namespace?: unknown; width?: unknown };
    if (typeof msg.width === 'number' && Number.isFinite(msg.width) && msg.width > 0) this.state.width = Math.round(msg.width);
    if (msg.type === 'ready' || msg.type === 'resize') this.scheduleRefresh(msg.type === 'resize' ? 200 : 0);
    else if (msg.type === 'open' && typeof msg.ref === 'string') void this.openRef(msg.ref);
    else if (msg.type === 'options') {
      this.state.whole = msg.whole === true;
      this.state.namespace = typeof msg.namespace === 'string' ? msg.namespace : '';
      if (this.state.whole) this.state.service = undefined;
      this.scheduleRefresh(0);
    } else if (msg.type === 'rendered' && this.last) {
      this.rendered.fire({ title: this.last.title, nodes: this.last.nodes, edges: this.last.edges });
    }
  }

  private async openRef(ref: string): Promise<void> {
    const el = this.last?.elements.find((e) => e.ref === ref);
    if (!el) return;
    const { start, end } = el.location.range;
    const range = new vscode.Range(start.line, start.character, end.line, end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === el.location.uri);
    const column = visible?.viewColumn ?? (this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    await vscode.window.showTextDocument(vscode.Uri.parse(el.location.uri), { viewColumn: column, selection: range, preserveFocus: false, preview: true });
  }

  private scheduleRefresh(delayMs: number): void {
    if (!this.panel) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, delayMs);
  }

  private async refresh(): Promise<void> {
    const panel = this.panel;
    const client = this.client();
    if (!panel || !panel.visible) return;
    const generation = ++this.generation;
    const params: WiringGraphParams = {
      ...(this.state.uri ? { uri: this.state.uri } : {}),
      ...(this.state.service ? { service: this.state.service } : {}),
      ...(this.state.namespace ? { namespace: this.state.namespace } : {}),
      ...(this.state.width ? { width: this.state.width } : {}),
      whole: this.state.whole,
    };
    let result: WiringGraphResult | null = null;
    let error: string | undefined;
    try {
      if (!client || !client.isRunning()) error = 'The kube-ports language server is not running.';
      else result = await client.sendRequest<WiringGraphResult | null>(WIRING_GRAPH_REQUEST, params);
    } catch (e) {
      error = `The wiring map could not be drawn: ${(e as Error).message}`;
    }
    if (generation !== this.generation || !this.panel) return;
    if (!result) error ??= 'The wiring map could not be drawn (see the kube-ports output).';
    this.last = result ?? undefined;
    panel.title = result ? `Wiring Map: ${result.title}` : 'Wiring Map';
    void panel.webview.postMessage({ type: 'graph', result, error, whole: this.state.whole, namespace: this.state.namespace });
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function nonce(): string {
  return randomBytes(16).toString('base64');
}

function html(n: string): string {
  const csp = [`default-src 'none'`, `style-src 'nonce-${n}'`, `script-src 'nonce-${n}'`, `img-src data:`, `font-src 'none'`, `connect-src 'none'`, `frame-src 'none'`, `form-action 'none'`, `base-uri 'none'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Wiring Map</title>
<style nonce="${n}">
${WIRING_CSS}
${WEBVIEW_THEME_CSS}
html, body { height: 100%; }
body { margin: 0; padding: 0; color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); display: flex; flex-direction: column; }
.toolbar { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 6px 12px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
.toolbar label { display: inline-flex; gap: 6px; align-items: center; }
.toolbar select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border, transparent); padding: 2px 4px; }
.toolbar select:focus, .toolbar input:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.title { font-weight: 600; }
.summary { color: var(--vscode-descriptionForeground); }
.message { margin: 8px 12px; padding: 6px 10px; border-left: 3px solid var(--vscode-editorWarning-foreground); background: var(--vscode-textBlockQuote-background); }
.message:empty { display: none; }
#map { flex: 1; overflow: auto; padding: 8px; }
#map svg { display: block; }
#map.fit svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<div class="toolbar" role="toolbar" aria-label="Wiring map options">
  <span class="title" id="title">Wiring Map</span>
  <label><input type="checkbox" id="whole"> Whole workspace</label>
  <label><input type="checkbox" id="fit" checked> Fit to panel</label>
  <label>Namespace <select id="namespace" aria-label="Namespace filter"><option value="">all</option></select></label>
  <span class="summary" id="summary" aria-live="polite"></span>
</div>
<div class="message" id="message" role="status"></div>
<div id="map" class="fit" aria-label="Wiring map"></div>
<script nonce="${n}">
(function () {
  const vscode = acquireVsCodeApi();
  const map = document.getElementById('map');
  const whole = document.getElementById('whole');
  const ns = document.getElementById('namespace');
  const message = document.getElementById('message');
  const summary = document.getElementById('summary');
  const title = document.getElementById('title');
  const send = () => vscode.postMessage({ type: 'options', whole: whole.checked, namespace: ns.value });
  whole.addEventListener('change', send);
  const fit = document.getElementById('fit');
  fit.addEventListener('change', () => map.classList.toggle('fit', fit.checked));
  ns.addEventListener('change', send);
  const open = (el) => { if (el) vscode.postMessage({ type: 'open', ref: el.getAttribute('data-ref') }); };
  map.addEventListener('click', (e) => open(e.target.closest('[data-ref]')));
  map.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const el = e.target.closest('[data-ref]');
    if (!el) return;
    e.preventDefault();
    open(el);
  });
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || m.type !== 'graph') return;
    whole.checked = !!m.whole;
    const r = m.result;
    const names = r ? r.namespaces : [];
    const current = m.namespace || '';
    ns.replaceChildren();
    for (const v of ['', ...names]) {
      const o = document.createElement('option');
      o.value = v;
      o.textContent = v === '' ? 'all' : v;
      if (v === current) o.selected = true;
      ns.appendChild(o);
    }
    if (current && !names.includes(current)) {
      const o = document.createElement('option');
      o.value = current; o.textContent = current; o.selected = true;
      ns.appendChild(o);
    }
    title.textContent = r ? 'Wiring Map: ' + r.title : 'Wiring Map';
    summary.textContent = r ? r.nodes + ' nodes, ' + r.edges + ' links' + (r.indexing ? ' (indexing…)' : '') : '';
    message.textContent = m.error || (r && (r.truncated || r.empty)) || '';
    map.replaceChildren();
    if (r && r.nodes > 0) {
      const doc = new DOMParser().parseFromString(r.svg, 'image/svg+xml');
      const svg = doc.documentElement;
      if (svg && svg.nodeName === 'svg') map.appendChild(document.importNode(svg, true));
    }
    requestAnimationFrame(() => vscode.postMessage({ type: 'rendered' }));
  });
  const width = () => map.clientWidth - 16;
  let reported = width();
  new ResizeObserver(() => {
    const w = width();
    if (Math.abs(w - reported) < reported * 0.15) return;
    reported = w;
    vscode.postMessage({ type: 'resize', width: w });
  }).observe(map);
  vscode.postMessage({ type: 'ready', width: reported });
})();
</script>
</body>
</html>`;
}
