/**
 * The language server's side of rendering: decides which units (re)render and when, hands the
 * outcomes to the workspace and publishes what they changed. Processes start only through
 * host/render (UnitRenderer → run.ts), and only in a trusted workspace: until the client says the
 * workspace is trusted (`initializationOptions.workspaceTrusted`, then the
 * `kubePorts/workspaceTrusted` notification), every unit is `not-rendered` with one note and no
 * process is started, not even a version check.
 *
 * When: after indexing (every unit), on an edit of an input (after a pause while typing), on a
 * save or a disk change (at once), when settings or trust change. Never on the keystroke path of
 * a plain file: an edit costs a `unitsReading` lookup and, for an input, a timer.
 */
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, type ClientCapabilities, type Connection, type Disposable, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RenderOutcome, RenderUnit } from '../core/render/types';
import { isTextInput } from '../core/render/units';
import { basename, dirname, isInside } from '../core/uri';
import type { Workspace } from '../core/workspace/workspace';
import { fileUri, readManifestText } from '../host/manifest-files';
import type { RenderResult } from '../host/render/renderer';
import { inProcessClient, WORKER_SCRIPT, workerClient, type RenderClient } from '../host/render/render-client';
import { RenderScheduler } from '../host/render/scheduler';
import type { Runner } from '../host/render/run';
import { renderHostSettings, type RenderHostSettings } from '../host/render/tools';
import type { Overlay } from '../host/render/work-copy';
import type { Logger } from './context';

/** Files that are not manifests but that units read or discovery needs. */
export const AUXILIARY_FILE = /(\.(tgz|tpl)|(^|[\\/])Kustomization)$/;
/** A file whose change can change the units themselves (not only their output). */
const UNIT_DEFINING = /(^|\/)(Chart\.ya?ml|kustomization\.ya?ml|Kustomization|values[^/]*\.ya?ml|[^/]*\.tgz)$/;

export const UNTRUSTED_MESSAGE =
  'Helm charts and Kustomize roots are not rendered in an untrusted workspace (rendering runs helm / kustomize on the workspace\'s files); their files are checked as plain YAML. Trust the workspace to render them.';
export const DISABLED_MESSAGE = 'Rendering is turned off (kubePorts.render.enabled): this unit\'s files are checked as plain YAML.';

export interface RenderServiceOptions {
  readonly connection: Connection;
  readonly workspace: Workspace;
  readonly documents: TextDocuments<TextDocument>;
  readonly log: Logger;
  /** Workspace folder URIs. */
  readonly folders: () => readonly string[];
  /** Files excluded by the user's globs (the auxiliary walk skips them too). */
  readonly excludes: () => readonly string[];
  /** Publishes diagnostics of these files (and refreshes lenses/hints). */
  readonly changed: (affected: Set<string>) => void;
  readonly runner?: Runner;
  /**
   * Runs the application of a render outcome (parse the output, re-index, hide the inputs) when no
   * edit waits, and publishes what it returns in steps (lsp/scheduler.ts); default: at once.
   */
  readonly defer?: (work: () => Iterable<string>) => void;
  /** The client's capabilities (file watchers for the units' other inputs are registered when it supports that). */
  readonly client?: () => ClientCapabilities;
}

/** What the client's static watchers already report (client/src/extension.ts). */
const WATCHED_STATICALLY = /(\.(ya?ml|json|tpl|tgz)|\/Kustomization)$/;
const MAX_WATCHERS = 1000;

interface InitOptions {
  readonly workspaceTrusted?: unknown;
  readonly storageUri?: unknown;
  readonly globalStorageUri?: unknown;
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function uriToPath(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The extension's storage folder (`storageUri`, else `globalStorageUri`): the caches live in subfolders (`render/`, `model/`). */
export function storageFolder(init: InitOptions | undefined): string | undefined {
  return uriToPath(init?.storageUri) ?? uriToPath(init?.globalStorageUri);
}

export class RenderService {
  private trusted = false;
  private hostSettings: RenderHostSettings = renderHostSettings(undefined);
  private renderer: RenderClient | undefined;
  private readonly scheduler: RenderScheduler<RenderUnit>;
  /** Unit id → what the unit looked like when it was last scheduled (a changed unit renders again). */
  private readonly known = new Map<string, string>();
  /** Unit id → the last outcome set by this service without rendering (untrusted, disabled). */
  private readonly decided = new Map<string, string>();
  private readonly shownMissing = new Set<string>();
  private storage: string | undefined;
  private auxiliary = new Set<string>();
  private readonly lastStatus = new Map<string, RenderOutcome['status']>();
  private progress: { report(message: string): void; done(): void } | 'creating' | undefined;
  private started = false;
  private disposed = false;
  private watchKey = '[]';
  private watchRegistration: Promise<Disposable> | undefined;

  constructor(private readonly o: RenderServiceOptions) {
    this.scheduler = new RenderScheduler<RenderUnit>({
      idOf: (u) => u.id,
      render: (unit, signal) => this.renderNow(unit, signal),
      done: (unit, result) => this.apply(unit, result as RenderResult),
      onActivity: (pending) => this.activity(pending),
      onError: (unit, error) => this.o.log.error(`rendering ${unit.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    });
  }

  /** From `initialize`: trust and the extension's storage folder. */
  initialize(init: InitOptions | undefined): void {
    this.trusted = init?.workspaceTrusted === true;
    this.storage = storageFolder(init);
  }

  /** The raw `kubePorts` settings (the host's part: binary paths, timeout); takes effect with `settingsApplied`. */
  configure(raw: unknown): void {
    const next = renderHostSettings(raw);
    if (JSON.stringify(next) === JSON.stringify(this.hostSettings)) return;
    this.hostSettings = next;
    this.renderer?.resetTools();
    this.shownMissing.clear();
  }

  private appliedKey = '';
  /** After the workspace took new settings: render everything again when a render setting changed. */
  settingsApplied(): void {
    const s = this.o.workspace.settings;
    const key = JSON.stringify([this.hostSettings, s.render, s.defaultNamespace]);
    if (key === this.appliedKey) return;
    this.appliedKey = key;
    if (this.started) {
      this.decided.clear();
      this.sync(true);
    }
  }

  /** The client says the user trusts the workspace now. */
  grantTrust(): void {
    if (this.trusted) return;
    this.trusted = true;
    this.o.log.info('workspace trusted: rendering Helm charts and Kustomize roots');
    this.decided.clear();
    if (this.started) this.sync(true);
  }

  /**
   * After (re)indexing: the folders, the auxiliary files (paths: the indexing walk lists them,
   * host/workspace-scan.ts), then every unit.
   */
  async indexed(found: readonly string[]): Promise<void> {
    // The folders, the `Kustomization` files and the auxiliary files each change the units: discovered once, at the end.
    const resumeUnits = this.o.workspace.deferUnits();
    const affected = new Set<string>();
    try {
      for (const u of this.o.workspace.setFolders(this.o.folders())) affected.add(u);
      const auxiliary: string[] = [];
      for (const file of found) {
        const uri = fileUri(file);
        auxiliary.push(uri);
        if ((/(^|[\\/])Kustomization$/.test(file) || isTextInput(uri)) && !this.o.documents.get(uri)) this.load(uri, file, affected);
      }
      this.auxiliary = new Set(auxiliary);
      for (const uri of this.o.workspace.textInputUris()) {
        if (!this.auxiliary.has(uri) && !this.o.documents.get(uri)) for (const u of this.o.workspace.removeFile(uri)) affected.add(u);
      }
      for (const u of this.o.workspace.setAuxiliaryFiles(this.auxiliary)) affected.add(u);
    } finally {
      for (const u of resumeUnits()) affected.add(u);
    }
    this.o.changed(affected);
    this.started = true;
    this.sync(false);
  }

  /**
   * A file the workspace holds although the manifest walk skips it: a `Kustomization` file (no
   * extension; read like any kustomization) or a unit's text input (a `.tpl` helper, which the
   * origin map reads and findings land on; never analysed as a manifest).
   */
  private load(uri: string, file: string, affected: Set<string>): void {
    const read = readManifestText(file, this.o.workspace.settings.maxFileSize);
    const changed = 'text' in read ? this.o.workspace.setFile(uri, read.text) : this.o.workspace.removeFile(uri);
    for (const u of changed) affected.add(u);
  }

  /**
   * A file changed: `typing` for an editor's unsaved edit (debounced), else a save, a close or
   * a disk change (at once). Cheap for files no unit reads.
   */
  changed(uri: string, how: 'typing' | 'saved' | 'disk'): void {
    if (!this.started || this.disposed) return;
    if (UNIT_DEFINING.test(uri)) this.sync(false, how === 'typing');
    const units = this.o.workspace.unitsReading(uri);
    for (const unit of units) this.schedule(unit, how === 'typing');
  }

  /** A watched-file event for a file that is not a manifest (`.tgz`, `.tpl`, `Kustomization`). Returns whether it was one. */
  auxiliaryEvent(uri: string, deleted: boolean): boolean {
    if (!AUXILIARY_FILE.test(uri.replace(/[?#].*$/, ''))) return false;
    if (!this.started) return true;
    const inFolder = this.o.folders().some((f) => isInside(uri, f));
    if (!inFolder) return true;
    const affected = new Set<string>();
    if (/\/Kustomization$/.test(uri) || isTextInput(uri)) {
      const file = uriToPath(uri);
      if (this.o.documents.get(uri)) {
        // The editor's text wins over the disk.
      } else if (deleted) for (const u of this.o.workspace.removeFile(uri)) affected.add(u);
      else if (file) this.load(uri, file, affected);
    }
    const before = this.auxiliary.size;
    if (deleted) this.auxiliary.delete(uri);
    else this.auxiliary.add(uri);
    if (this.auxiliary.size !== before) for (const u of this.o.workspace.setAuxiliaryFiles(this.auxiliary)) affected.add(u);
    this.o.changed(affected);
    this.changed(uri, 'disk');
    return true;
  }

  /** Compares the workspace's units with what was scheduled: new or changed units render, removed ones stop. */
  private sync(all: boolean, typing = false): void {
    const units = this.o.workspace.units();
    const ids = new Set(units.map((u) => u.id));
    for (const id of [...this.known.keys()]) {
      if (ids.has(id)) continue;
      this.known.delete(id);
      this.decided.delete(id);
      this.latest.delete(id);
      this.scheduler.cancel(id);
    }
    for (const unit of units) {
      const signature = JSON.stringify(unit);
      if (!all && this.known.get(unit.id) === signature) continue;
      this.known.set(unit.id, signature);
      this.schedule(unit, typing);
    }
    this.watch(units);
  }

  /**
   * Asks the client to watch every file the units read that its static watchers miss: anything
   * inside a chart folder (`.Files.Get "files/app.ini"`, `.Files.Glob "conf/*"`), a kustomize
   * generator's `.env` / `.properties` files. A change to one renders the unit again.
   */
  private watch(units: readonly RenderUnit[]): void {
    const caps = this.o.client?.().workspace?.didChangeWatchedFiles;
    if (!caps?.dynamicRegistration || !caps.relativePatternSupport || this.disposed) return;
    const patterns = new Map<string, { baseUri: string; pattern: string }>();
    for (const unit of units) {
      for (const folder of unit.inputFolders) patterns.set(`${folder}|**/*`, { baseUri: folder, pattern: '**/*' });
      for (const input of unit.inputs) {
        if (WATCHED_STATICALLY.test(input) || unit.inputFolders.some((f) => isInside(input, f))) continue;
        patterns.set(`${dirname(input)}|${basename(input)}`, { baseUri: dirname(input), pattern: decoded(basename(input)) });
      }
    }
    const list = [...patterns.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_WATCHERS);
    const key = JSON.stringify(list.map(([k]) => k));
    if (key === this.watchKey) return;
    this.watchKey = key;
    const previous = this.watchRegistration;
    this.watchRegistration =
      list.length === 0
        ? undefined
        : this.o.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: list.map(([, globPattern]) => ({ globPattern })) });
    void previous?.then((d) => d.dispose()).catch(() => undefined);
    this.watchRegistration?.catch((error: unknown) => this.o.log.warn(`cannot register file watchers for the units' inputs: ${String(error)}`));
  }

  private schedule(unit: RenderUnit, typing: boolean): void {
    const enabled = this.o.workspace.settings.render.enabled;
    if (!this.trusted || !enabled || unit.blocked) {
      this.scheduler.cancel(unit.id);
      const message = !this.trusted ? UNTRUSTED_MESSAGE : !enabled ? DISABLED_MESSAGE : unit.blocked!.message;
      // Nothing runs; the outcome is set once per reason (no re-publishing on every keystroke).
      if (this.decided.get(unit.id) === message) return;
      this.decided.set(unit.id, message);
      this.setOutcome(unit, { status: 'not-rendered', message });
      return;
    }
    this.decided.delete(unit.id);
    this.scheduler.request(unit, typing);
  }

  private rendererNow(): RenderClient {
    if (!this.renderer) {
      const options = this.storage ? { cacheDir: path.join(this.storage, 'render'), stateDir: path.join(this.storage, 'tool-home') } : {};
      // Off the main thread (the bundled dist/render-worker.js next to dist/server.js), unless a runner is injected.
      this.renderer =
        (this.o.runner ? undefined : workerClient(WORKER_SCRIPT(__dirname), options, (m) => this.o.log.error(m))) ??
        inProcessClient({ ...options, ...(this.o.runner ? { runner: this.o.runner } : {}) });
    }
    return this.renderer;
  }

  private async renderNow(unit: RenderUnit, signal: AbortSignal): Promise<RenderResult | undefined> {
    // Checked again at the moment of running: trust, the setting, and the unit as it is now.
    if (!this.trusted || this.disposed) return undefined;
    // Started when no edit waits (edits received meanwhile, and their diagnostics, go first): the
    // render's own work — the overlay, the worker's copy and the process start — never runs
    // between a keystroke that has arrived and its answer.
    const defer = this.o.defer;
    if (defer) await new Promise<void>((resolve) => defer(() => (resolve(), [])));
    if (signal.aborted || !this.trusted || this.disposed) return undefined;
    const current = this.o.workspace.units().find((u) => u.id === unit.id);
    if (!current || current.blocked || !this.o.workspace.settings.render.enabled) return undefined;
    const result = await this.rendererNow().render({
      unit: current,
      folders: this.o.folders(),
      overlay: this.overlay(),
      signal,
      hostSettings: this.hostSettings,
      settings: this.o.workspace.settings,
    });
    return result.outcome ? result : undefined;
  }

  /** Open editors' text by file path. */
  private overlay(): Overlay {
    const byPath = new Map<string, string>();
    for (const doc of this.o.documents.all()) {
      const p = uriToPath(doc.uri);
      if (p) byPath.set(p, doc.getText());
    }
    return { get: (p) => byPath.get(p), paths: () => byPath.keys() };
  }

  private apply(unit: RenderUnit, result: RenderResult): void {
    if (!result.outcome || this.disposed) return;
    if (result.missingTool && !this.shownMissing.has(result.missingTool)) {
      this.shownMissing.add(result.missingTool);
      // A notification (no answer awaited): the message is shown once, whatever the client does with it.
      void this.o.connection.sendNotification('window/showMessage', { type: 3, message: `kube-ports: ${result.missingTool}` });
    }
    const o = result.outcome;
    this.o.log.info(
      `rendered ${unit.id}: ${o.status}${o.status !== 'not-rendered' && o.milliseconds !== undefined ? ` in ${o.milliseconds} ms` : ''}${result.fromCache ? ' (cached)' : ''}${o.status === 'not-rendered' ? ` — ${o.message}` : ''}`,
    );
    this.setOutcome(unit, o, result.fromCache === true);
  }

  /** Unit id → the number of the latest outcome handed to `setOutcome` (an older one still in its steps is dropped). */
  private readonly latest = new Map<string, number>();
  private outcomes = 0;

  /**
   * The keystroke path wins: an outcome is applied in steps, each run by the LSP scheduler only
   * when no edit waits (edits received meanwhile, and their own diagnostics, go first): the
   * changed rendered documents parsed ahead (a few KB per step), then the outcome itself (index,
   * hide the inputs), then the analysis of the unit's objects (16 per step) and their mapping to
   * source lines; publishing (in steps of its own) follows.
   */
  private setOutcome(unit: RenderUnit, outcome: RenderOutcome, fromCache = false): void {
    const defer = this.o.defer;
    if (!defer) {
      this.o.changed(this.applyOutcome(unit, outcome, fromCache));
      return;
    }
    const number = ++this.outcomes;
    this.latest.set(unit.id, number);
    const current = () => !this.disposed && this.latest.get(unit.id) === number;
    let analyseStep: (() => boolean) | undefined;
    const analyse = (): Iterable<string> => {
      if (!current()) return [];
      analyseStep ??= this.o.workspace.analyseUnit(unit.id);
      if (analyseStep()) defer(analyse);
      return [];
    };
    const apply = (): Iterable<string> => {
      if (!current()) return [];
      const affected = this.applyOutcome(unit, outcome, fromCache);
      defer(analyse);
      return affected;
    };
    if (outcome.status !== 'rendered') return defer(apply);
    let parseAhead: (() => boolean) | undefined;
    const prepare = (): Iterable<string> => {
      if (!current()) return [];
      parseAhead ??= this.o.workspace.prepareRenderOutcome(unit.id, outcome.text);
      defer(parseAhead() ? prepare : apply);
      return [];
    };
    defer(prepare);
  }

  /** Hands the outcome to the workspace; returns the files to publish. */
  private applyOutcome(unit: RenderUnit, outcome: RenderOutcome, fromCache: boolean): Set<string> {
    const affected = this.o.workspace.setRenderOutcome(unit.id, outcome);
    // A failed render's error lands on whichever input the tool names (and leaves it when fixed):
    // re-publish the unit's inputs too (publishing skips files whose diagnostics did not change).
    if (outcome.status === 'failed' || this.lastStatus.get(unit.id) === 'failed') for (const u of unit.inputs) affected.add(u);
    this.lastStatus.set(unit.id, outcome.status);
    void this.o.connection.sendNotification('kubePorts/rendered', {
      unit: unit.id,
      status: outcome.status,
      ...(outcome.status === 'not-rendered' ? { message: outcome.message } : { milliseconds: outcome.milliseconds, fromCache }),
    });
    return affected;
  }

  private activity(pending: number): void {
    if (pending > 0 && !this.progress) {
      this.progress = 'creating';
      void this.o.connection.window.createWorkDoneProgress().then(
        (p) => {
          if (this.progress !== 'creating') return p.done();
          if (this.scheduler.pending() === 0) {
            this.progress = undefined;
            return p.done();
          }
          p.begin('kube-ports', undefined, 'Rendering Helm charts and Kustomize roots…', false);
          this.progress = p;
        },
        () => {
          this.progress = undefined;
        },
      );
    } else if (pending > 0 && this.progress && this.progress !== 'creating') {
      this.progress.report(`${pending} unit${pending === 1 ? '' : 's'} to render`);
    } else if (pending === 0 && this.progress) {
      if (this.progress !== 'creating') this.progress.done();
      this.progress = undefined;
    }
  }

  /** Resolves when nothing waits or renders. */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  dispose(): void {
    this.disposed = true;
    this.scheduler.dispose();
    this.renderer?.dispose();
  }
}
