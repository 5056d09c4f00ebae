/**
 * The language server: wires the LSP connection to the workspace model. Reads files (the only
 * place besides the CLI that does), keeps open editors' text above disk text, indexes the
 * workspace folders in the background with progress, and publishes diagnostics for every
 * manifest file whose findings changed.
 */
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import {
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Diagnostic,
  type Connection,
  type InitializeResult,
  type ServerCapabilities,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isTextInput } from '../core/render/units';
import { normalizeSettings, type Settings } from '../core/settings';
import { Workspace } from '../core/workspace/workspace';
import { fileUri, isExcluded, MANIFEST_EXTENSIONS, readManifestText, type ReadResult } from '../host/manifest-files';
import { ModelCache, settingsHash, type WarmStart } from '../host/model-cache';
import type { CodeCacheHandle } from '../host/code-cache';
import type { PrestartedScanWorker } from '../host/scan-prestart';
import { SCAN_WORKER_SCRIPT, scanWorkspace, type ScanBatch, type ScanOptions, type WorkspaceScan } from '../host/workspace-scan';
import type { ParseSettings } from '../core/workspace/snapshot';
import type { Feature, Logger, ServerContext } from './context';
import { isDiagnosticList, Positions, toDiagnostic } from './convert';
import { FEATURES } from './features/index';
import { AUXILIARY_FILE, RenderService, storageFolder } from './render-service';
import { AnalysisScheduler, type MessageMonitor } from './scheduler';
import { SERVER_VERSION } from './version';

export interface ServerOptions {
  readonly features?: readonly Feature[];
  /** The connection's message monitor (its `messageStrategy`): lets edits wait for requests already received (scheduler.ts). */
  readonly monitor?: MessageMonitor;
  /** `false`: the initial scan reads the files on the main thread (default: in dist/scan-worker.js when it is there). */
  readonly scanWorker?: boolean;
  /** The scan worker started with the process (host/scan-prestart.ts): a cold start's early scan runs in it; otherwise it is terminated at `initialize`. */
  readonly prestartedScan?: PrestartedScanWorker;
  /** The bundle's V8 code cache (host/code-cache.ts): its load is logged, and it is made once after the initial indexing when it should be. */
  readonly codeCache?: CodeCacheHandle;
}

/**
 * Parse workers of a cold start's scan: one per core besides the main thread's (which decodes,
 * indexes and serves the editor) — on machines of 3 cores or more. On 2 cores the main thread
 * parses (one worker only walks and reads): measured per thread on a 10k-document cold start
 * (ARCHITECTURE.md, Speed), a parse worker cut the main thread's CPU from 2.0 s to 1.2 s but added
 * 0.5 s of CPU in all (encoding, decoding, the worker's own heap), and the second core was busy
 * already (the reader, V8's GC threads), so the start took as long or longer. `KUBE_PORTS_PARSE_WORKERS`
 * sets the count (0: the main thread parses), for measurements.
 */
function parseWorkers(): number {
  const fromEnv = process.env.KUBE_PORTS_PARSE_WORKERS;
  const n = fromEnv === undefined || fromEnv === '' ? NaN : Number(fromEnv);
  if (Number.isInteger(n) && n >= 0) return n;
  const cores = availableParallelism();
  return cores >= 3 ? cores - 1 : 0;
}

/** Yields to the event loop so queued requests (hover, edits of open files) are served. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const features = options.features ?? FEATURES;
  const documents = new TextDocuments(TextDocument);
  let clientCapabilities: ClientCapabilities = {};
  let folders: WorkspaceFolder[] = [];
  let excludes: string[] = [];
  let indexed = false;
  let indexingRun = 0;
  let shuttingDown = false;
  /**
   * What the client shows for each file that has diagnostics (their JSON); a file not in it shows
   * none. An empty list is sent only to clear what a file showed: most files never have a finding,
   * and a cold start of 10,000 documents sent 2,858 empty lists for 2,859 files (ARCHITECTURE.md,
   * Speed).
   */
  const published = new Map<string, string>();
  /** The warm-start cache (host/model-cache.ts), in the extension's storage folder; none without one. */
  let modelCache: ModelCache | undefined;
  let storage: string | undefined;
  /**
   * A cold start's scan, begun at `initialize` from what the client sent with it (folders,
   * initializationOptions settings), so that the walk and the first reads overlap the settings
   * round trip; the first indexing takes it only when it would scan the same (`key`), else it is
   * cancelled and the folders are scanned again.
   */
  let earlyScan: { key: string; scan: WorkspaceScan } | undefined;

  const log: Logger = {
    error: (m) => connection.console.error(m),
    warn: (m) => connection.console.warn(m),
    info: (m) => connection.console.info(m),
    debug: (m) => connection.console.log(m),
  };

  const workspace = new Workspace({
    onRuleError: (rule, uri, error) => log.error(`rule ${rule} failed on ${uri}: ${errorText(error)}`),
  });
  const positions = new Positions((uri) => workspace.text(uri), (uri) => documents.get(uri));
  // Helm charts and Kustomize roots: rendered in the background, never on the keystroke path.
  const render = new RenderService({
    connection,
    workspace,
    documents,
    log,
    folders: () => folders.map((f) => f.uri),
    excludes: () => excludes,
    changed: (affected) => changed(affected),
    defer: (work) => scheduler.runInBackground(work),
    client: () => clientCapabilities,
  });

  const ctx: ServerContext = {
    connection,
    workspace,
    positions,
    log,
    client: () => clientCapabilities,
    indexed: () => indexed,
    location(uri, span) {
      const source = workspace.toSource(uri, span);
      return { uri: source.uri, range: positions.range(source.uri, source.span) };
    },
    guard(name, fallback, run, token) {
      if (token?.isCancellationRequested) return fallback;
      try {
        return run(token);
      } catch (error) {
        log.error(`${name} failed: ${errorText(error)}`);
        return fallback;
      }
    },
  };

  /** Like `guard` for notification handlers that await: a failure is logged, never an unhandled rejection (which would end the process). */
  const guardAsync =
    <A extends unknown[]>(name: string, run: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        await run(...args);
      } catch (error) {
        log.error(`${name} failed: ${errorText(error)}`);
      }
    };

  // ---- diagnostics --------------------------------------------------------------------------

  function publish(uris: Iterable<string>): void {
    for (const uri of uris) {
      // An edit not analysed yet: its diagnostics come after it is (never the old ones under the new version).
      if (scheduler.isQueued(uri)) continue;
      ctx.guard('publishDiagnostics', undefined, () => {
        if (!workspace.has(uri)) {
          if (published.has(uri)) {
            published.delete(uri);
            void connection.sendDiagnostics({ uri, diagnostics: [] });
          }
          return;
        }
        const findings = workspace.findings(uri);
        const version = documents.get(uri)?.version;
        const versioned = version !== undefined ? { version } : {};
        if (findings.length === 0) {
          if (published.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [], ...versioned });
          return;
        }
        const diagnostics = findings.map((f) => toDiagnostic(f, positions));
        const key = JSON.stringify(diagnostics);
        if (published.get(uri) === key) return;
        published.set(uri, key);
        void connection.sendDiagnostics({ uri, diagnostics, ...versioned });
      });
    }
    // What changed goes into the warm-start cache, in the background once the changes pause.
    if (indexed) modelCache?.scheduleSave(workspace, currentSettingsHash, 2000, published);
  }

  // CodeLens and inlay hints of open editors depend on other files ("exposed by svc/web"); the
  // client asks for them again only when told to. Bursts of changes are coalesced into one refresh.
  let refreshTimer: NodeJS.Timeout | undefined;
  function refreshViews(): void {
    if (refreshTimer || shuttingDown) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      const ws = clientCapabilities.workspace;
      if (ws?.codeLens?.refreshSupport) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      if (ws?.inlayHint?.refreshSupport) void connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
    }, 100);
  }

  /** Publishes what a change affected; when it reached beyond the edited file, refreshes lenses and hints. */
  function changed(affected: Set<string>, editedUri?: string): void {
    publish(affected);
    if (indexed && [...affected].some((u) => u !== editedUri)) refreshViews();
  }

  // Edits of open documents: coalesced, analysed after pending requests, stale work dropped.
  const scheduler = new AnalysisScheduler(
    {
      analyse: (uri) => {
        const doc = documents.get(uri);
        return doc ? workspace.setFile(uri, doc.getText(), { open: true }) : [];
      },
      publish: (uris) => publish(uris),
      settled: (reachedOthers) => {
        if (indexed && reachedOthers) refreshViews();
      },
      failed: (error) => log.error(`applying a render outcome failed: ${errorText(error)}`),
      stopped: () => shuttingDown,
    },
    options.monitor,
  );

  function clear(uri: string): void {
    positions.forget(uri);
    if (published.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  // ---- files --------------------------------------------------------------------------------

  const isManifestUri = (uri: string) => uri.startsWith('file:') && MANIFEST_EXTENSIONS.test(uri.replace(/[?#].*$/, ''));

  function folderOf(uri: string): WorkspaceFolder | undefined {
    return folders.find((f) => uri === f.uri || uri.startsWith(f.uri.endsWith('/') ? f.uri : f.uri + '/'));
  }

  function excludedUri(uri: string): boolean {
    const folder = folderOf(uri);
    if (!folder) return true;
    const rel = path.relative(fileURLToPath(folder.uri), fileURLToPath(uri));
    return rel.split(path.sep).some((s) => s === '.git' || s === 'node_modules') || isExcluded(rel, excludes);
  }

  /** One file, read now (on a file event or an editor close), so the next message sees the change. */
  function loadFromDisk(uri: string): Set<string> {
    if (documents.get(uri)) return new Set();
    const folder = folderOf(uri);
    // Only what really lies inside a workspace folder is read: a symbolic link out of it is not followed.
    const result = folder
      ? readManifestText(fileURLToPath(uri), workspace.settings.maxFileSize, fileURLToPath(folder.uri))
      : ({ skipped: 'outside-folder' } as const);
    return applyRead(uri, result);
  }

  /** A file the initial scan read (the walk already knows it lies inside its folder); open editors win. */
  function loadScanned(uri: string, result: ReadResult): void {
    if (documents.get(uri)) return;
    applyRead(uri, result);
  }

  function applyRead(uri: string, result: ReadResult): Set<string> {
    modelCache?.record(uri, result);
    if ('text' in result) return workspace.setFile(uri, result.text);
    if (result.skipped === 'too-large') {
      log.info(`skipped ${uri}: ${result.size} bytes is over kubePorts.maxFileSize (${workspace.settings.maxFileSize})`);
      return workspace.setFile(uri, '', { unreadSize: result.size ?? 0 });
    }
    if (result.skipped === 'unreadable') log.warn(`cannot read ${uri}: ${errorText(result.error)}`);
    if (result.skipped === 'outside-folder') log.info(`skipped ${uri}: it resolves to a path outside the workspace folder`);
    const affected = workspace.removeFile(uri);
    clear(uri);
    return affected;
  }

  const currentSettingsHash = () => settingsHash(workspace.settings, excludes);

  /**
   * Before anything is restored: when every file read from disk last time is unchanged (size and
   * mtime), what was published for it then is published now (the files that had any: the others
   * show none already). The scan's own publishing compares against it and corrects what a file
   * added since changes (and clears a file excluded since).
   */
  async function showCachedDiagnostics(): Promise<void> {
    const shown = ensureModelCache()?.shownIfUnchanged(currentSettingsHash(), isDiagnosticList);
    const sent: Promise<void>[] = [];
    for (const [uri, diagnostics] of shown ?? []) {
      if (documents.get(uri) || published.has(uri) || (diagnostics as Diagnostic[]).length === 0) continue;
      published.set(uri, JSON.stringify(diagnostics));
      sent.push(connection.sendDiagnostics({ uri, diagnostics: diagnostics as Diagnostic[] }));
    }
    // Written before the restore takes the thread.
    await Promise.all(sent);
    if (shown) log.info(`shown the diagnostics of ${shown.size} unchanged files from the model cache (${sent.length} with any)`);
  }

  /**
   * The cache of the current folders (a new one when they changed); on the first indexing of a
   * session, the cached world restored, if the storage folder holds one for these folders, this
   * version and these settings.
   */
  function warmRestore(first: boolean): WarmStart | undefined {
    const cache = ensureModelCache();
    if (!cache || !first) return undefined;
    const open = new Map<string, string>();
    for (const doc of documents.all()) if (workspace.has(doc.uri)) open.set(doc.uri, doc.getText());
    return cache.restore(workspace, currentSettingsHash(), open);
  }

  function ensureModelCache(): ModelCache | undefined {
    if (!storage) return undefined;
    const identity = { version: SERVER_VERSION, folders: folders.map((f) => f.uri) };
    const next = new ModelCache(path.join(storage, 'model'), identity, (m) => log.info(m));
    if (next.file !== modelCache?.file) {
      modelCache?.dispose();
      modelCache = next;
    }
    return modelCache;
  }

  /**
   * The initial scan: every folder walked and read (in a worker thread, workspace-scan.ts) and
   * handed over in batches, each parsed and indexed here; between two batches the messages that
   * arrived are served (open editors, hovers). Returns the files seen and the auxiliary files
   * (`.tgz`, `.tpl`, `Kustomization`) the same walk found, or undefined when a newer run began.
   */
  async function scanFolders(run: number, warm: WarmStart | undefined, onBatch: (count: number) => void): Promise<{ seen: Set<string>; auxiliary: string[] } | undefined> {
    const seen = new Set<string>();
    const auxiliary: string[] = [];
    const maxFileSize = workspace.settings.maxFileSize;
    // A warm start reads only what changed since the cache (stat first, then a content hash), in process.
    const read = warm
      ? (file: string): ReadResult | 'unchanged' => {
          if (documents.get(fileUri(file))) return 'unchanged';
          const check = warm.check(fileUri(file), file, () => readManifestText(file, maxFileSize));
          return check.unchanged ? 'unchanged' : (check.read ?? readManifestText(file, maxFileSize));
        }
      : undefined;
    const plan = scanPlan(read);
    const parse = plan.options.parse;
    const scan = takeEarlyScan(read ? undefined : plan.key) ?? scanWorkspace(plan.options, scanWorkerScript());
    try {
      for await (const batch of scan) {
        if (run !== indexingRun) return undefined;
        loadBatch(batch, seen, auxiliary, parse);
        onBatch(seen.size);
        await yieldToEventLoop();
        if (run !== indexingRun) return undefined;
      }
    } finally {
      scan.cancel();
    }
    return { seen, auxiliary };
  }

  const scanWorkerScript = () => (options.scanWorker === false ? undefined : SCAN_WORKER_SCRIPT(__dirname));

  /** What a scan of the folders reads now (with the settings and excludes of now), and its key: two scans of one key hand over the same. */
  function scanPlan(read?: ScanOptions['read']): { options: ScanOptions; key: string } {
    const maxFileSize = workspace.settings.maxFileSize;
    // A cold start on 3 cores or more parses in the scan's workers (the main thread decodes, indexes and serves).
    const workers = parseWorkers();
    const parse = read || workers === 0 ? undefined : { defaultNamespace: workspace.settings.defaultNamespace, maxFileSize };
    const scan: ScanOptions = { roots: folders.map((f) => fileURLToPath(f.uri)), exclude: excludes, maxFileSize, auxiliary: AUXILIARY_FILE, ...(read ? { read } : {}), ...(parse ? { parse, workers } : {}) };
    // The excludes' order does not change what is walked (the client's two answers may list `files.exclude` in different orders).
    const key = JSON.stringify([scan.roots, [...scan.exclude].sort(), scan.maxFileSize, scan.parse ?? null, scan.workers ?? null]);
    return { options: scan, key };
  }

  /** The early scan when it scans what `key` says (nothing of it was handed over yet); else it is cancelled. */
  function takeEarlyScan(key: string | undefined): WorkspaceScan | undefined {
    const early = earlyScan;
    earlyScan = undefined;
    if (!early) return undefined;
    if (early.key === key) return early.scan;
    early.scan.cancel();
    log.info('the settings differ from those sent with initialize: the early scan is dropped, the folders are scanned again');
    return undefined;
  }

  /**
   * At `initialize`: a cold start (no model cache of these folders in the storage folder) begins
   * its scan now, in the worker the process started (scan-prestart.ts). A warm start does not
   * (its scan reads only what changed since the cache, in process).
   */
  function startEarlyScan(): void {
    const prestarted = options.prestartedScan?.take();
    const cache = ensureModelCache();
    if (folders.length === 0 || cache?.exists()) {
      if (prestarted) void prestarted.terminate();
      return;
    }
    const plan = scanPlan();
    const scan = scanWorkspace(plan.options, scanWorkerScript(), prestarted);
    earlyScan = { key: plan.key, scan };
    void scan.firstBatch.then(() => log.info(`early scan: the first files were read ${Math.round(process.uptime() * 1000)} ms after the process started`));
  }

  function loadBatch(batch: ScanBatch, seen: Set<string>, auxiliary: string[], parsedWith: ParseSettings | undefined): void {
    for (const e of batch.errors) log.warn(`cannot read ${e.path}: ${e.error}`);
    auxiliary.push(...batch.auxiliary);
    for (const f of batch.files) {
      const uri = fileUri(f.path);
      seen.add(uri);
      try {
        if (f.result && f.parsed && parsedWith && !documents.get(uri)) {
          // Parsed by a worker: taken as it is when its context still holds (else parsed here).
          modelCache?.record(uri, f.result);
          workspace.adoptFile(f.parsed, parsedWith);
        } else if (f.result) loadScanned(uri, f.result);
      } catch (error) {
        // One file's failure loses that file only; indexing goes on.
        log.error(`indexing ${uri} failed: ${errorText(error)}`);
      }
    }
  }

  /** Indexes every workspace folder in the background; open editors are served meanwhile. */
  async function indexWorkspace(): Promise<void> {
    if (shuttingDown) return;
    const run = ++indexingRun;
    indexed = false;
    const started = Date.now();
    // A cold start's early scan is reading already: the progress is created beside it, not before
    // it (a round trip to the client), begins when the client has answered and reports from then
    // on. Otherwise the progress is there before the work begins (a warm start restores the cache
    // on this thread first: a request written behind it would show the progress only after).
    let progress: Awaited<ReturnType<typeof connection.window.createWorkDoneProgress>> | undefined;
    let ended = false;
    const created = clientCapabilities.window?.workDoneProgress
      ? connection.window.createWorkDoneProgress().then(
          (p) => {
            if (ended) return;
            progress = p;
            p.begin('kube-ports', 0, 'Indexing Kubernetes manifests…', false);
          },
          () => undefined,
        )
      : undefined;
    if (!earlyScan) await created;
    // The whole workspace arrives at once: no per-key change history meanwhile (Workspace.beginBulkLoad).
    const endBulkLoad = workspace.beginBulkLoad();
    try {
      const warm = warmRestore(run === 1);
      const onCount = (count: number) => progress?.report(`${count} files`);
      // Units are discovered once the scan is in (Workspace.deferUnits), not again for each Chart.yaml or kustomization of a batch.
      const resumeUnits = workspace.deferUnits();
      let scanned: Awaited<ReturnType<typeof scanFolders>>;
      let unitsChanged: Set<string>;
      try {
        scanned = await scanFolders(run, warm, onCount);
        if (scanned && run === indexingRun) for (const uri of workspace.uris()) if (!scanned.seen.has(uri) && !documents.get(uri)) workspace.removeFile(uri);
      } finally {
        unitsChanged = resumeUnits();
        endBulkLoad();
      }
      if (!scanned || run !== indexingRun) return;
      const { seen, auxiliary } = scanned;
      indexed = true;
      log.info(`indexed ${seen.size} manifest files in ${Date.now() - started} ms${warm ? ` (warm start: ${warm.restored} restored, ${warm.rehashed} unchanged by content, ${warm.reread} re-read; findings ${warm.whole ? 'restored' : 'recomputed'})` : ''}`);
      progress?.report('publishing diagnostics');
      let n = 0;
      for (const uri of workspace.uris()) {
        if (run !== indexingRun) return;
        publish([uri]);
        if (++n % 200 === 0) await yieldToEventLoop();
      }
      // What the units' discovery changed beyond the files just published (text inputs findings land on).
      publish([...unitsChanged].filter((u) => !workspace.parsed(u)));
      for (const uri of [...published.keys()]) if (!workspace.has(uri)) clear(uri);
      modelCache?.scheduleSave(workspace, currentSettingsHash, 0, published);
      refreshViews();
      await render.indexed(auxiliary);
      afterFirstIndexing();
      void connection.sendNotification('kubePorts/indexed', { files: workspace.uris().length, milliseconds: Date.now() - started });
    } catch (error) {
      log.error(`indexing failed: ${errorText(error)}`);
    } finally {
      endBulkLoad();
      ended = true;
      progress?.done();
    }
  }

  // ---- settings -----------------------------------------------------------------------------

  async function fetchSettings(): Promise<Settings> {
    if (!clientCapabilities.workspace?.configuration) return workspace.settings;
    try {
      const [kubePorts, filesExclude] = await connection.workspace.getConfiguration([{ section: 'kubePorts' }, { section: 'files.exclude' }]);
      const settings = normalizeSettings(kubePorts);
      render.configure(kubePorts);
      excludes = [...settings.exclude, ...excludedGlobs(filesExclude)];
      return settings;
    } catch (error) {
      log.warn(`cannot read settings: ${errorText(error)}`);
      return workspace.settings;
    }
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  connection.onInitialize((params): InitializeResult => {
    clientCapabilities = params.capabilities;
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(params.rootUri) }] : []);
    if (params.initializationOptions && typeof params.initializationOptions === 'object') {
      const init = params.initializationOptions as { settings?: unknown; filesExclude?: unknown };
      if (init.settings) {
        const settings = normalizeSettings(init.settings);
        workspace.setSettings(settings);
        render.configure(init.settings);
        // As workspace/configuration will say (the client sends `files.exclude` too); the settings fetched at `initialized` replace them.
        excludes = [...settings.exclude, ...excludedGlobs(init.filesExclude)];
      }
    }
    render.initialize(params.initializationOptions as Parameters<RenderService['initialize']>[0]);
    storage = storageFolder(params.initializationOptions as Parameters<RenderService['initialize']>[0]);
    startEarlyScan();
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    for (const f of features) Object.assign(capabilities, f.capabilities(clientCapabilities));
    return { capabilities, serverInfo: { name: 'kube-ports', version: SERVER_VERSION } };
  });

  connection.onInitialized(
    guardAsync('initialized', async () => {
      if (clientCapabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubePorts' });
      }
      if (clientCapabilities.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guardAsync('didChangeWorkspaceFolders', async (e) => {
            folders = [...folders.filter((f) => !e.removed.some((r) => r.uri === f.uri)), ...e.added];
            await indexWorkspace();
          }),
        );
      }
      const settings = await fetchSettings();
      workspace.setSettings(settings);
      render.settingsApplied();
      await showCachedDiagnostics();
      await indexWorkspace();
    }),
  );

  connection.onDidChangeConfiguration(
    guardAsync('didChangeConfiguration', async () => {
      const before = JSON.stringify(excludes);
      const settings = await fetchSettings();
      const affected = workspace.setSettings(settings);
      if (JSON.stringify(excludes) !== before) await indexWorkspace();
      else publish(affected);
      render.settingsApplied();
    }),
  );

  documents.onDidOpen((e) => {
    ctx.guard('didOpen', undefined, () => {
      const uri = e.document.uri;
      render.changed(uri, 'typing');
      // A `.tpl` helper (language helm, helm-template or plain text) is held as text, not analysed.
      if (!isManifestUri(uri) && e.document.languageId !== 'yaml' && !isTextInput(uri)) return;
      scheduler.cancel(uri);
      changed(workspace.setFile(uri, e.document.getText(), { open: true }), uri);
    });
  });

  documents.onDidChangeContent((e) => {
    ctx.guard('didChange', undefined, () => {
      const uri = e.document.uri;
      // Not held by the workspace (a chart's `files/app.ini`): its unsaved text counts for the next render only.
      if (!workspace.has(uri) && !isManifestUri(uri) && e.document.languageId !== 'yaml' && !isTextInput(uri)) return render.changed(uri, 'typing');
      scheduler.schedule(uri);
      render.changed(uri, 'typing');
    });
  });

  documents.onDidSave((e) => ctx.guard('didSave', undefined, () => render.changed(e.document.uri, 'saved')));

  documents.onDidClose((e) => {
    ctx.guard('didClose', undefined, () => {
      const uri = e.document.uri;
      scheduler.cancel(uri);
      workspace.close(uri);
      // The editor's text no longer overrides the disk: go back to what is saved.
      if (uri.startsWith('file:') && folderOf(uri) && !excludedUri(uri)) changed(loadFromDisk(uri));
      else {
        const affected = workspace.removeFile(uri);
        clear(uri);
        publish(affected);
      }
      render.changed(uri, 'disk');
    });
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const uri = change.uri;
      try {
        if (folderOf(uri) && !excludedUri(uri) && render.auxiliaryEvent(uri, change.type === FileChangeType.Deleted)) continue;
      } catch (error) {
        log.error(`file change ${uri} failed: ${errorText(error)}`);
      }
      if (!folderOf(uri) || excludedUri(uri)) continue;
      if (!isManifestUri(uri)) {
        // Any other file a unit reads (`.Files.Get "files/app.ini"`, a generator's env file): it renders again.
        ctx.guard('didChangeWatchedFiles', undefined, () => render.changed(uri, 'disk'));
        continue;
      }
      try {
        if (change.type === FileChangeType.Deleted) {
          if (documents.get(uri)) continue;
          const affected = workspace.removeFile(uri);
          clear(uri);
          publish(affected);
        } else {
          changed(loadFromDisk(uri));
        }
        render.changed(uri, 'disk');
      } catch (error) {
        log.error(`file change ${uri} failed: ${errorText(error)}`);
      }
    }
  });

  connection.onNotification('kubePorts/workspaceTrusted', () => ctx.guard('workspaceTrusted', undefined, () => render.grantTrust()));

  /**
   * The code cache's load is logged, and the cache made (host/code-cache.ts) after the first
   * indexing, when the functions the start compiled lazily are there: in the background (after the
   * edits waiting), or at shutdown when that comes first.
   */
  let firstIndexingDone = false;
  function afterFirstIndexing(): void {
    const cache = options.codeCache;
    if (!cache || firstIndexingDone) return;
    firstIndexingDone = true;
    log.info(cache.message);
    if (!cache.wanted) return;
    scheduler.runInBackground(() => {
      saveCodeCache();
      return [];
    });
  }
  function saveCodeCache(): void {
    const m = options.codeCache?.save();
    if (m) log.info(m);
  }

  connection.onShutdown(() => {
    if (firstIndexingDone) saveCodeCache();
    shuttingDown = true;
    indexingRun++;
    takeEarlyScan(undefined);
    options.prestartedScan?.dispose();
    render.dispose();
    modelCache?.dispose();
  });

  for (const f of features) f.register(ctx);
  documents.listen(connection);
  connection.listen();
}

/** The globs of a `files.exclude` setting that are on. */
function excludedGlobs(filesExclude: unknown): string[] {
  if (!filesExclude || typeof filesExclude !== 'object') return [];
  return Object.entries(filesExclude as Record<string, unknown>)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
