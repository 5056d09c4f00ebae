/**
 * The VS Code client: starts the kube-ports language server, forwards YAML/JSON manifests and
 * file events to it, and offers a restart command and the wiring map (wiring-map.ts). All
 * analysis happens in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SHOW_WIRING_MAP_COMMAND, WiringMap, type ShowWiringMapArgs, type WiringMapRendered } from './wiring-map';

let client: LanguageClient | undefined;

/** Language ids that Helm extensions give chart templates. */
const HELM_LANGUAGES = ['helm', 'helm-template'];

interface LspPosition {
  readonly line: number;
  readonly character: number;
}

export interface KubePortsApi {
  client: () => LanguageClient | undefined;
  /** Fires when the wiring map has drawn a graph. */
  onDidRenderWiringMap: vscode.Event<WiringMapRendered>;
}

/**
 * Where the server keeps its V8 code cache (server/src/host/code-cache.ts): a folder of this
 * extension's global storage, so that every start after the first compiles next to nothing. Not
 * when debugging (other node flags) or when the storage is not on the local disk.
 */
async function codeCacheEnv(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<Record<string, string>> {
  if (context.globalStorageUri.scheme !== 'file') return {};
  const folder = vscode.Uri.joinPath(context.globalStorageUri, 'code-cache');
  try {
    await vscode.workspace.fs.createDirectory(folder);
  } catch (error) {
    output.warn(`no code cache for the server: ${(error as Error).message}`);
    return {};
  }
  return { KUBE_PORTS_CODE_CACHE: folder.fsPath };
}

export async function activate(context: vscode.ExtensionContext): Promise<KubePortsApi> {
  const output = vscode.window.createOutputChannel('kube-ports', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // stdio, not ipc: the server hands the messages of one turn to the pipe in one write (node IPC
    // is one process.send per message); ARCHITECTURE.md "What runs where" has the figures.
    run: { module: serverModule, transport: TransportKind.stdio, options: { env: { ...process.env, ...(await codeCacheEnv(context, output)) } } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json', pattern: '**/*.json' },
      { scheme: 'untitled', language: 'yaml' },
      // Chart templates as the Helm extensions name them (vscode-kubernetes-tools and helm-ls:
      // `helm`; others `helm-template`), so kube-ports works beside them.
      ...HELM_LANGUAGES.map((language) => ({ scheme: 'file', language })),
      // Without a Helm extension a `_helpers.tpl` is plain text; so are many files a chart reads
      // with `.Files.Get`. Their unsaved text counts for the next render (the server holds only
      // `.tpl` helpers and analyses neither as a manifest).
      { scheme: 'file', language: 'plaintext' },
    ],
    synchronize: {
      configurationSection: ['kubePorts', 'files.exclude'],
      // Manifests, and what renders units: helpers (.tpl), packaged subcharts (.tgz), `Kustomization` files.
      // Every other file a unit reads (anything in a chart folder: `.Files.Get "conf/app.ini"`; a
      // kustomize generator's `.env`) is watched through the server's dynamic registration
      // (render-service.ts `watch`: relative patterns per chart folder), which this client honours.
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,tpl,tgz}'), vscode.workspace.createFileSystemWatcher('**/Kustomization')],
    },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: restartingErrorHandler(output),
    // A function: a restart sends the trust and settings of that moment.
    initializationOptions: () => ({
      settings: vscode.workspace.getConfiguration('kubePorts'),
      // With the settings, the server begins its scan at initialize, before it asks for them (it scans again if they differ).
      filesExclude: vscode.workspace.getConfiguration('files').get('exclude') ?? {},
      // Rendering runs helm / kustomize: only in a trusted workspace (the server starts no process otherwise).
      workspaceTrusted: vscode.workspace.isTrusted,
      // The render cache and the tools' homes live here (never in the user's ~/.cache/helm etc.).
      storageUri: context.storageUri?.toString(),
      globalStorageUri: context.globalStorageUri.toString(),
    }),
  };
  client = new LanguageClient('kubePorts', 'kube-ports', serverOptions, clientOptions);
  // Tells the server this client has the wiring map (it then offers "Show on map" lenses).
  client.registerFeature({
    fillClientCapabilities: (capabilities) => {
      capabilities.experimental = { ...((capabilities.experimental as object | undefined) ?? {}), kubePortsWiringMap: true };
    },
    initialize: () => undefined,
    getState: () => ({ kind: 'static' }),
    clear: () => undefined,
  });
  const wiringMap = new WiringMap(() => client);
  context.subscriptions.push(
    vscode.commands.registerCommand('kubePorts.restartServer', async () => {
      output.info('restarting the kube-ports language server');
      await client?.restart();
    }),
    vscode.commands.registerCommand('kubePorts.showOutput', () => output.show(true)),
    // Code lenses carry (uri, position, locations) as JSON; editor.action.showReferences needs VS Code types.
    vscode.commands.registerCommand('kubePorts.showReferences', (uri: string, position: LspPosition, locations: { uri: string; range: { start: LspPosition; end: LspPosition } }[]) =>
      vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        new vscode.Position(position.line, position.character),
        (locations ?? []).map(
          (l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character)),
        ),
      ),
    ),
    wiringMap,
    vscode.commands.registerCommand(SHOW_WIRING_MAP_COMMAND, (arg?: ShowWiringMapArgs | vscode.Uri) =>
      wiringMap.show(arg instanceof vscode.Uri ? { uri: arg.toString() } : (arg ?? {})),
    ),
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) output.warn('the kube-ports language server stopped');
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('workspace trusted: Helm charts and Kustomize roots will be rendered');
      void client?.sendNotification('kubePorts/workspaceTrusted');
    }),
  );
  await client.start();
  return { client: () => client, onDidRenderWiringMap: wiringMap.onDidRender };
}

/** Crashes within this window count towards the restart limit. */
const RESTART_WINDOW_MS = 3 * 60 * 1000;
const MAX_RESTARTS_IN_WINDOW = 5;

/**
 * If the server process dies, restart it (logged in the output channel) — up to 5 times in 3
 * minutes; a server that keeps crashing is left stopped with a message pointing at the restart
 * command, instead of looping. Connection write/read errors are tolerated 3 times in a row.
 */
function restartingErrorHandler(output: vscode.LogOutputChannel): ErrorHandler {
  const crashes: number[] = [];
  return {
    error(error, _message, count) {
      output.error(`connection to the kube-ports language server failed (${count ?? 1}): ${error.message}`);
      return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    },
    closed() {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && now - crashes[0]! > RESTART_WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_RESTARTS_IN_WINDOW) {
        const message = `The kube-ports language server stopped ${crashes.length} times in 3 minutes and will not be restarted automatically. See the kube-ports output; run "kube-ports: Restart Language Server" to try again.`;
        output.error(message);
        return { action: CloseAction.DoNotRestart, message };
      }
      output.warn(`the kube-ports language server stopped unexpectedly; restarting it (${crashes.length} of ${MAX_RESTARTS_IN_WINDOW} in 3 minutes)`);
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
