/**
 * Speaks LSP to the bundled server (`dist/server.js --stdio`) as an editor would. Waits on
 * signals (notifications) only: never on time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

export interface StartOptions {
  /** Files of the workspace folder: relative path -> text. */
  readonly files?: Record<string, string>;
  readonly settings?: Record<string, unknown>;
  /** Extra client capabilities merged into the defaults. */
  readonly capabilities?: Record<string, unknown>;
  /** Use this existing folder as the workspace folder (it is not deleted by `stop`). */
  readonly folder?: string;
  /** Runs on the new workspace folder before the server starts (symlinks, FIFOs, …). */
  readonly prepare?: (root: string) => void;
  /** Node arguments that start the server instead of `dist/server.js --stdio`. */
  readonly serverArgs?: readonly string[];
  /** `initializationOptions` of the initialize request (e.g. `{ workspaceTrusted: true }` for rendering). */
  readonly initializationOptions?: Record<string, unknown>;
  /** Environment of the server process (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Called for each `$/progress` notification (e.g. to act while indexing runs). */
  readonly onProgress?: (value: { kind: string; message?: string }) => void;
  /**
   * Handlers of server-to-client requests (e.g. `workspace/codeLens/refresh`), registered before
   * the connection listens, so that none sent during start-up is missed; pending `until`
   * conditions are re-checked after each.
   */
  readonly requests?: Record<string, (params: unknown, client: LspClient) => unknown>;
}

export interface LogMessage {
  readonly type: number;
  readonly message: string;
}

/** How long `until` waits by default: below the protocol tests' own timeouts (120 s). */
const UNTIL_TIMEOUT_MS = 90_000;
/** How long `stop` waits for the server to exit after shutdown + exit before it kills it. */
const STOP_TIMEOUT_MS = 10_000;

export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every `window/logMessage` the server sent, in order. */
  readonly logs: LogMessage[] = [];
  /** Every `window/showMessage` the server sent, in order. */
  readonly messages: LogMessage[] = [];
  /** Every `kubePorts/rendered` notification (one per render outcome), in order. */
  readonly renders: { unit: string; status: string; message?: string; fromCache?: boolean }[] = [];
  private ownsRoot = true;
  private stopped = false;
  private waiters: { test: () => boolean; resolve: () => void }[] = [];
  private stderr = '';
  initializeResult!: InitializeResult;
  indexed = false;
  /** How many files the server holds, from its last `kubePorts/indexed`. */
  indexedFiles: number | undefined;
  settings: Record<string, unknown>;
  /** Every message the server wrote, in the order it wrote them (read from the raw stream). */
  readonly wire: { id?: unknown; method?: string; params?: { uri?: string; version?: number; diagnostics?: Diagnostic[] }; result?: unknown }[] = [];
  private wireBuffer = Buffer.alloc(0);
  private versions = new Map<string, number>();

  private constructor(
    readonly root: string,
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const root = options.folder ?? mkdtempSync(path.join(tmpdir(), 'kube-ports-ws-'));
    for (const [rel, text] of Object.entries(options.files ?? {})) writeFile(root, rel, text);
    options.prepare?.(root);
    const proc = spawn(process.execPath, [...(options.serverArgs ?? [SERVER, '--stdio'])], { stdio: 'pipe', ...(options.env ? { env: options.env } : {}) });
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new LspClient(root, proc, connection, options.settings ?? {});
    client.ownsRoot = options.folder === undefined;
    proc.stderr.on('data', (d: Buffer) => (client.stderr += d.toString()));
    proc.stdout.on('data', (d: Buffer) => client.tap(d));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.diagnostics.set(p.uri, p.diagnostics);
      client.signal();
    });
    connection.onNotification('kubePorts/indexed', (p: { files: number }) => {
      client.indexed = true;
      client.indexedFiles = p.files;
      client.signal();
    });
    connection.onNotification('window/logMessage', (m: LogMessage) => {
      client.logs.push(m);
      client.signal();
    });
    connection.onNotification('window/showMessage', (m: LogMessage) => {
      client.messages.push(m);
      client.signal();
    });
    connection.onNotification('kubePorts/rendered', (r: LspClient['renders'][number]) => {
      client.renders.push(r);
      client.signal();
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'kubePorts' ? client.settings : i.section === 'files.exclude' ? {} : null)),
    );
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('$/progress', (p: { value: { kind: string; message?: string } }) => options.onProgress?.(p.value));
    for (const [method, handle] of Object.entries(options.requests ?? {})) {
      connection.onRequest(method, (params: unknown) => {
        const result = handle(params, client);
        client.signal();
        return result;
      });
    }
    connection.listen();
    const rootUri = pathToFileURL(root).href;
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
        ...(options.capabilities ?? {}),
      },
    });
    await connection.sendNotification('initialized', {});
    await client.until(() => client.indexed, 'workspace indexed');
    return client;
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  /** Splits the server's raw output into messages for `wire` (Content-Length framing). */
  private tap(chunk: Buffer): void {
    this.wireBuffer = Buffer.concat([this.wireBuffer, chunk]);
    for (;;) {
      const headerEnd = this.wireBuffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.wireBuffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.wireBuffer.length < headerEnd + 4 + length) return;
      this.wire.push(JSON.parse(this.wireBuffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')));
      this.wireBuffer = this.wireBuffer.subarray(headerEnd + 4 + length);
      this.signal();
    }
  }

  /**
   * Writes these JSON-RPC messages in one write of at most 4 KB (atomic on a pipe), so the server
   * has received all of them before it handles the first. Responses to requests in it appear in
   * `wire` only (give them ids the connection does not use, e.g. strings).
   */
  burst(messages: readonly object[]): void {
    const frames = messages.map((m) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    });
    const all = Buffer.concat(frames);
    if (all.length > 4096) throw new Error(`a burst of ${all.length} bytes is not one atomic pipe write`);
    this.process.stdin.write(all);
  }

  /** Resolves once the server logged a message that matches `pattern`. */
  async logged(pattern: RegExp): Promise<LogMessage> {
    await this.until(() => this.logs.some((l) => pattern.test(l.message)), `a log line matching ${pattern}`);
    return this.logs.find((l) => pattern.test(l.message))!;
  }

  private signal(): void {
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) {
      if (w.test()) w.resolve();
      else this.waiters.push(w);
    }
  }

  /**
   * Resolves when `test` holds after some notification; rejects if the server exits first, or
   * after `timeoutMs` (below the tests' own timeouts, so that a signal that never comes fails the
   * test with what it waited for and its `finally` still stops the server, instead of leaving a
   * server that keeps the test process alive).
   */
  until(test: () => boolean, what: string, timeoutMs = UNTIL_TIMEOUT_MS): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve: () => (settle(), resolve()) };
      const onExit = (code: number | null) => (settle(), reject(new Error(`server exited (${code}) while waiting for ${what}\n${this.stderr}`)));
      const timer = setTimeout(() => (settle(), reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.process.off('exit', onExit);
        this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      this.process.once('exit', onExit);
      this.waiters.push(waiter);
    });
  }

  /**
   * What the client shows for `uri`: the last diagnostics published for it; none (`[]`) for a file
   * that never had any once the workspace is indexed (the server sends an empty list only to clear
   * what a file showed); undefined before that.
   */
  shown(uri: string): Diagnostic[] | undefined {
    return this.diagnostics.get(uri) ?? (this.indexed ? [] : undefined);
  }

  /** Waits until what the client shows for `rel` satisfies `test` (`shown`). */
  async diagnosticsFor(rel: string, test: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    const uri = this.uri(rel);
    await this.until(() => {
      const d = this.shown(uri);
      return d !== undefined && test(d);
    }, `diagnostics of ${rel}`);
    return this.shown(uri)!;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async open(rel: string, text: string, languageId = 'yaml'): Promise<void> {
    this.versions.set(rel, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(rel), languageId, version: 1, text } });
  }

  async change(rel: string, text: string): Promise<void> {
    const version = (this.versions.get(rel) ?? 1) + 1;
    this.versions.set(rel, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(rel), version }, contentChanges: [{ text }] });
  }

  async save(rel: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri: this.uri(rel) } });
  }

  async close(rel: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(rel) } });
  }

  /** Writes a file on disk and tells the server, as the client's file watcher would. */
  async writeOnDisk(rel: string, text: string, created: boolean): Promise<void> {
    writeFile(this.root, rel, text);
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uri(rel), type: created ? 1 : 2 }] });
  }

  async deleteOnDisk(rel: string): Promise<void> {
    rmSync(path.join(this.root, rel));
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uri(rel), type: 3 }] });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { kubePorts: settings } });
  }

  /** shutdown + exit; a server that has not exited within STOP_TIMEOUT_MS is killed (and the exit code is then null). */
  async stop(): Promise<number | null> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return this.finishStop(this.process.exitCode);
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    const killer = setTimeout(() => this.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
    try {
      await Promise.race([this.connection.sendRequest('shutdown').then(() => this.connection.sendNotification('exit')), exited]);
    } catch {
      this.process.kill();
    }
    const code = await exited;
    clearTimeout(killer);
    return this.finishStop(code);
  }

  private finishStop(code: number | null): number | null {
    if (this.stopped) return code;
    this.stopped = true;
    this.connection.dispose();
    if (this.ownsRoot) rmSync(this.root, { recursive: true, force: true });
    return code;
  }
}

function writeFile(root: string, rel: string, text: string): void {
  const full = path.join(root, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}
