/**
 * The VS Code client: starts the kube-ports language server, forwards YAML/JSON manifests and
 * file events to it, and offers a restart command. All analysis happens in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

interface LspPosition {
  readonly line: number;
  readonly character: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<{ client: () => LanguageClient | undefined }> {
  const output = vscode.window.createOutputChannel('kube-ports', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json', pattern: '**/*.json' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: {
      configurationSection: ['kubePorts', 'files.exclude'],
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json}'),
    },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: { settings: vscode.workspace.getConfiguration('kubePorts') },
  };
  client = new LanguageClient('kubePorts', 'kube-ports', serverOptions, clientOptions);
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
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) output.warn('the kube-ports language server stopped');
    }),
  );
  await client.start();
  return { client: () => client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
