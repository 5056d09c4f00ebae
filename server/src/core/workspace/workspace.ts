/**
 * The workspace model: every manifest file, its parse, the cross-file index, and the findings of
 * each file, kept up to date one file change at a time. Pure: the host (LSP server, CLI) reads
 * files and hands their text in; nothing here touches the file system.
 *
 * Each change answers the set of files whose findings may have changed, so the host republishes
 * only those (see dependencies.ts).
 *
 * Render units (Helm charts, Kustomize roots; see render/types.ts) live here too: the host hands
 * in a unit's rendered text, which becomes a *rendered file* (a virtual URI, never published)
 * whose objects stand for the unit's inputs, analysed in the unit's own world (world-view.ts).
 * Its findings are mapped back to the template / base / patch lines through the unit's origin
 * map, merged across units that share a source line, and returned by `findings()` of the source
 * file. Features reach rendered objects through `viewsAt` / `viewsOf` and map results back with
 * `toSource`.
 */
import { analyzeFile, checkObjects, completeFindings, type AnalysisInput, type ObjectFindingsMemo } from '../analysis';
import type { Finding, RelatedLocation } from '../findings';
import { isKustomization, isNamespace, isService, isWorkload, type K8sObject, type Kustomization, type Span } from '../model/types';
import { exact } from '../model/lists';
import { internJoined } from '../parse/intern';
import { parsedDocument, parsedFileOf, parseFile, parseYamlDocument, type ParsedDocument, type ParsedFile } from '../parse/parse-file';
import { splitDocuments } from '../parse/split-documents';
import { buildOriginMap, type OriginMap } from '../render/origin-map';
import { locateRenderError, toolLabel } from '../render/render-errors';
import type { InsertionRequest, InsertionTarget } from '../render/rendered-docs';
import { isRenderedUri, renderedUri, type RenderOutcome, type RenderUnit, type SourceLocation } from '../render/types';
import { discoverUnits, isTextInput } from '../render/units';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { applySuppressions } from '../suppression';
import { basename, dirname, joinPath } from '../uri';
import { callersKey, dependedKeys, policiesKey, providedKeys, readsNamespaceLabels } from './dependencies';
import { Dependents } from './dependents';
import { mergeUnitFindings, unitLabel, type UnitFinding } from './unit-findings';
import { MovedSpans, movedObjects, type MovedDocument, type MovedObjects } from './moved-documents';
import { WorldView } from './world-view';
import { WorkspaceIndex, type IndexView, type ObjectChanges } from './workspace-index';
import { isChartTemplate, type ParseContext, type ParseSettings, type RestoredFile } from './snapshot';

interface FileState {
  parsed: ParsedFile;
  /** Open in an editor: keep the YAML syntax trees for fast re-parse and for edits. */
  open: boolean;
  /** Listed as a patch by a kustomization: its objects are not real objects. */
  patch: boolean;
  /** An input of a unit that has rendered: the rendered objects stand for its objects. */
  hidden: boolean;
  depends: string[];
  findings: Finding[] | undefined;
  /**
   * Open files only: per object, the keys it depends on and its findings once analysed. An edit
   * keeps the records of the objects it kept; their findings stay until a key they depend on is
   * touched (`replace`), so a keystroke in a big file re-analyses only what it can change.
   */
  perObject: Map<K8sObject, ObjectRecord> | undefined;
}

interface ObjectRecord {
  /** `dependedKeys(object)`. */
  readonly depends: readonly string[];
  /** `providedKeys(object)`, once asked. */
  provides?: readonly string[] | undefined;
  /** Its findings before suppression comments (`analyzeFile`'s memo); undefined: to be computed. */
  findings: readonly Finding[] | undefined;
}

interface UnitState {
  unit: RenderUnit;
  readonly renderedUri: string;
  readonly view: WorldView;
  outcome: RenderOutcome | undefined;
  origin: OriginMap | undefined;
  /** Documents of the rendered file that are Helm hooks (test Pods…): analysed, but never backends. */
  hooks: ReadonlySet<number>;
  /** The unit's findings mapped to source files (undefined: to be computed). */
  mapped: Map<string, UnitFinding[]> | undefined;
  /** Every source file this unit's findings have reached (republished when they go away). */
  reach: Set<string>;
  /** The inputs hidden because this unit rendered. */
  hidden: Set<string>;
  /** The release namespace the rendered file was parsed with (its objects carry it). */
  parsedNamespace?: string | undefined;
  /** Documents of a coming output parsed ahead (`prepareRenderOutcome`), reused by `setRenderOutcome` of the same text. */
  prepared?: { readonly text: string; readonly namespace: string | undefined; readonly documents: ParsedDocument[] } | undefined;
  /** The rendered file's analysis in progress (`analyseUnit` steps): dropped by anything that invalidates its findings. */
  analysing?: { readonly state: FileState; done: number; readonly findings: Finding[] } | undefined;
}

/** Rendered objects `analyseUnit` checks per step. */
const ANALYSE_STEP_OBJECTS = 16;

/** Characters of changed rendered documents `prepareRenderOutcome` parses per step. */
const PREPARE_STEP_CHARS = 8 * 1024;

/** What a position-based feature runs on: the file itself, or a unit's rendered file at the offset a source offset produced. */
export interface FileView {
  readonly uri: string;
  readonly text: string;
  readonly objects: readonly K8sObject[];
  readonly index: IndexView;
  readonly offset: number;
  /** The unit of a rendered file (features name it: "in Helm release web"). */
  readonly unit: RenderUnit | undefined;
}

/** One file of `Workspace.snapshot()`. */
export interface WorkspaceSnapshotEntry {
  readonly parsed: ParsedFile;
  readonly context: ParseContext;
  readonly open: boolean;
  /** Its own findings, when they may be restored as they are. */
  readonly findings: readonly Finding[] | undefined;
}

export interface WorkspaceOptions {
  readonly settings?: Settings;
  readonly onRuleError?: (rule: string, uri: string, error: unknown) => void;
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const EMPTY_SET: ReadonlySet<number> = new Set();

export class Workspace {
  private readonly files = new Map<string, FileState>();
  /** Text inputs of units that are not manifests (`.tpl` helpers, render/units.ts `isTextInput`): held, never analysed. */
  private readonly textInputs = new Map<string, string>();
  private readonly indexImpl = new WorkspaceIndex();
  private readonly dependents = new Dependents();
  private settingsValue: Settings;
  /**
   * The namespace each file listed by a kustomization takes (`namespace:`, outermost wins), for
   * every listed file present or not: a file that arrives after the kustomization listing it is
   * parsed with its namespace at once, and the claims change only when a kustomization does.
   */
  private namespaceOverride = new Map<string, string>();
  private patchFiles = new Set<string>();
  /**
   * The first Kustomization object of every file that has one, kept as files come and go, so
   * recomputing the claims reads the kustomizations, not every file.
   */
  private kustomizationFiles = new Map<string, Kustomization>();
  /** `deferUnits` depth: while above 0, unit discovery waits (`unitsStale`) for the last `resumeUnits`. */
  private unitsDeferred = 0;
  private unitsStale = false;

  private folders: readonly string[] = [];
  private auxiliary = new Set<string>();
  private readonly unitStates = new Map<string, UnitState>();
  private readonly unitByRendered = new Map<string, UnitState>();
  /** Input → the rendered units hiding it. */
  private readonly hiddenBy = new Map<string, Set<string>>();
  /**
   * File → the other files whose findings (or an open file's findings per object) have had a
   * related location in it: when its documents move, theirs are moved with them (`moveRelated`).
   * Entries may be stale (a file whose findings no longer point there is dropped when next seen).
   */
  private readonly relatedFrom = new Map<string, Set<string>>();
  private readonly worldOf = (uri: string): string | undefined => (isRenderedUri(uri) ? this.unitByRendered.get(uri)?.unit.id : undefined);

  constructor(private readonly options: WorkspaceOptions = {}) {
    this.settingsValue = options.settings ?? DEFAULT_SETTINGS;
  }

  get settings(): Settings {
    return this.settingsValue;
  }

  /** The whole index: what plain files see (every world). */
  get index(): IndexView {
    return this.indexImpl;
  }

  /** The index as the objects of `uri` see it: a rendered file sees its own unit and the plain files. */
  indexFor(uri: string): IndexView {
    return this.unitByRendered.get(uri)?.view ?? this.indexImpl;
  }

  /** The real files (rendered files are internal). */
  uris(): string[] {
    const out: string[] = [];
    for (const uri of this.files.keys()) if (!isRenderedUri(uri)) out.push(uri);
    return out;
  }

  has(uri: string): boolean {
    return this.files.has(uri) || this.textInputs.has(uri);
  }

  /** The text inputs held (`.tpl` helpers): findings of rendered objects can land on them, so they are published like files. */
  textInputUris(): string[] {
    return [...this.textInputs.keys()];
  }

  parsed(uri: string): ParsedFile | undefined {
    return this.files.get(uri)?.parsed;
  }

  text(uri: string): string | undefined {
    return this.files.get(uri)?.parsed.text ?? this.textInputs.get(uri);
  }

  /** All objects of a file, patches included (for the outline). */
  objectsOf(uri: string): readonly K8sObject[] {
    return this.files.get(uri)?.parsed.objects ?? [];
  }

  isPatch(uri: string): boolean {
    return this.files.get(uri)?.patch ?? false;
  }

  /** The file's objects are stood for by a rendered unit's objects (it is an input of a unit that rendered). */
  isRenderedInput(uri: string): boolean {
    return this.files.get(uri)?.hidden ?? false;
  }

  /** Adds or replaces a file. Returns every file whose findings may have changed. */
  setFile(uri: string, text: string, options: { open?: boolean; unreadSize?: number } = {}): Set<string> {
    if (isRenderedUri(uri)) return new Set();
    if (isTextInput(uri)) return this.setTextInput(uri, options.unreadSize === undefined ? text : undefined);
    const state = this.files.get(uri);
    const open = options.open ?? state?.open ?? false;
    if (options.unreadSize !== undefined) {
      return this.publicSet(this.replace(uri, this.parse(uri, '', undefined, options.unreadSize), false));
    }
    if (state && state.parsed.text === text) {
      if (open && !state.open) state.open = true;
      if (!open && state.open) this.close(uri);
      return new Set();
    }
    const previous = state?.parsed;
    const moves: MovedDocument[] = [];
    const parsed = this.parse(uri, text, previous, undefined, open, (from, to) => moves.push({ from, to }));
    const affected = this.replace(uri, parsed, open, moves);
    if (!open) this.dropSyntax(uri);
    return this.publicSet(affected);
  }

  /** Marks a file as no longer open in an editor (its syntax trees may be dropped). */
  close(uri: string): void {
    const state = this.files.get(uri);
    if (!state) return;
    state.open = false;
    state.perObject = undefined;
    this.dropSyntax(uri);
  }

  removeFile(uri: string): Set<string> {
    if (isRenderedUri(uri)) return new Set();
    if (isTextInput(uri)) return this.setTextInput(uri, undefined);
    return this.publicSet(this.remove(uri));
  }

  /** New settings: every file is analysed again (namespaces and units may change too). */
  setSettings(settings: Settings): Set<string> {
    const namespaceChanged = settings.defaultNamespace !== this.settingsValue.defaultNamespace;
    this.settingsValue = settings;
    if (namespaceChanged) {
      // No reuse of the previous parse: its objects carry the old namespace.
      for (const [uri, state] of this.files) this.replace(uri, this.parse(uri, state.parsed.text, undefined, undefined, state.open), state.open);
    }
    for (const state of this.files.values()) forgetFindings(state);
    for (const st of this.unitStates.values()) st.analysing = undefined;
    this.refreshUnits();
    for (const st of this.unitStates.values()) st.mapped = undefined;
    return new Set(this.uris());
  }

  /**
   * The findings of one file (computed on demand, cached until a change affects them): its own,
   * and those of every unit's rendered objects that map onto it.
   */
  findings(uri: string): Finding[] {
    const state = this.files.get(uri);
    const own = state ? this.ownFindings(uri, state) : [];
    if (this.unitStates.size === 0 || isRenderedUri(uri)) return own;
    const fromUnits: UnitFinding[] = [];
    for (const st of this.unitStates.values()) {
      const mapped = this.mappedFindings(st).get(uri);
      if (mapped) fromUnits.push(...mapped);
    }
    if (fromUnits.length === 0) return own;
    return [...own, ...mergeUnitFindings(fromUnits)].sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));
  }

  /** The document of a file that contains `offset`, with its YAML syntax tree (re-parsed on demand). */
  documentAt(uri: string, offset: number): ParsedDocument | undefined {
    const parsed = this.files.get(uri)?.parsed;
    if (!parsed) return undefined;
    const doc = parsed.documents.find((d) => offset >= d.span.start && offset <= d.span.end) ?? parsed.documents.at(-1);
    return doc ? this.withSyntax(doc) : undefined;
  }

  /** A document with its YAML syntax tree, re-parsing a dropped one. */
  withSyntax(doc: ParsedDocument): ParsedDocument {
    if (doc.yaml || doc.broken) return doc;
    return parsedDocument(doc.index, doc.span, doc.text, parseYamlDocument(doc.text), doc.objects, doc.broken, doc.fastTree);
  }

  /**
   * A text input (a `.tpl` helper) came, changed or went. Nothing is parsed: the next render's
   * origin map reads it; until then the findings already mapped onto it are re-checked against
   * its suppression comments. An edit to it re-renders the units reading it (the host's part).
   */
  private setTextInput(uri: string, text: string | undefined): Set<string> {
    if (this.textInputs.get(uri) === text) return new Set();
    if (text === undefined) this.textInputs.delete(uri);
    else this.textInputs.set(uri, text);
    for (const st of this.unitStates.values()) if (st.reach.has(uri)) st.mapped = undefined;
    return new Set([uri]);
  }

  // ---- warm start (snapshot.ts; the host keeps the cache) -------------------------------------

  /**
   * Every real file's parse and the context it was parsed in, with its own findings where they
   * can be restored as they are: computed, the file not hidden by a unit, and not depending on
   * what a rendered file provides (rendered files are not in the snapshot: their objects come
   * back with the unit's render, which invalidates exactly these files) — nor calling a Service
   * of such a file (the callers' hop, as after an edit). Captured synchronously, so parses and
   * findings are of one and the same moment; the values are immutable, so the host may serialise
   * them later.
   */
  snapshot(): WorkspaceSnapshotEntry[] {
    const renderedKeys = new Set<string>();
    for (const [uri, state] of this.files) if (isRenderedUri(uri)) for (const k of this.keysOf(state)) renderedKeys.add(k);
    const unsafe = new Set<string>();
    for (const [uri, state] of this.files) {
      if (isRenderedUri(uri) || state.hidden || state.depends.some((k) => renderedKeys.has(k))) unsafe.add(uri);
    }
    this.addCallers(unsafe, []);
    const out: WorkspaceSnapshotEntry[] = [];
    for (const [uri, state] of this.files) {
      if (isRenderedUri(uri)) continue;
      const context: ParseContext = { namespaceOverride: this.namespaceOverride.get(uri), template: this.isChartTemplate(uri) };
      out.push({ parsed: state.parsed, context, open: state.open, findings: unsafe.has(uri) ? undefined : state.findings });
    }
    return out;
  }

  /**
   * Replaces the real files with a restored world (a snapshot read back): no parsing, except a
   * file whose parse context is no longer what the restored world gives it (then no findings are
   * restored at all: the snapshot was not of one world). The files present before are dropped
   * first: the host re-applies what open editors hold with `setFile`, which re-analyses what
   * depends on them, like any edit. Returns every file whose findings may have changed.
   */
  restoreFiles(entries: readonly { file: RestoredFile; findings?: readonly Finding[] | undefined }[]): Set<string> {
    const affected = new Set<string>();
    for (const [uri, state] of [...this.files]) {
      if (isRenderedUri(uri)) continue;
      this.unindex(uri, state);
      this.deleteState(uri);
      affected.add(uri);
    }
    for (const { file } of entries) {
      const uri = file.parsed.uri;
      if (isRenderedUri(uri)) continue;
      this.setState(uri, { parsed: file.parsed, open: false, patch: false, hidden: this.hiddenBy.has(uri), depends: [], findings: undefined, perObject: undefined });
    }
    const { overrides, patches } = this.computeKustomizations();
    this.namespaceOverride = overrides;
    this.patchFiles = patches;
    let consistent = true;
    for (const { file } of entries) {
      const uri = file.parsed.uri;
      const state = this.files.get(uri);
      if (!state || isRenderedUri(uri)) continue;
      state.patch = patches.has(uri);
      if (file.context.namespaceOverride !== overrides.get(uri) || file.context.template !== this.isChartTemplate(uri)) {
        consistent = false;
        state.parsed = this.parse(uri, file.parsed.text, undefined);
        this.setState(uri, state);
        this.dropSyntax(uri);
      }
    }
    for (const { file } of entries) {
      const uri = file.parsed.uri;
      const state = this.files.get(uri);
      if (!state || isRenderedUri(uri)) continue;
      this.indexFile(uri, state);
      affected.add(uri);
    }
    if (consistent) {
      for (const { file, findings } of entries) {
        const state = this.files.get(file.parsed.uri);
        if (state && findings && state.parsed === file.parsed) {
          state.findings = [...findings];
          this.noteRelated(file.parsed.uri, state);
        }
      }
    }
    for (const u of this.refreshUnits()) affected.add(u);
    for (const st of this.unitStates.values()) st.mapped = undefined;
    return this.publicSet(affected);
  }

  /**
   * A file parsed elsewhere (a parse worker, snapshot.ts `parseClosedFile`) with that context and
   * those settings: taken as it is, like `setFile` of its text, when it is new here and that is
   * the parse this workspace would make now; otherwise its text goes through `setFile`. Returns
   * every file whose findings may have changed.
   */
  adoptFile(file: RestoredFile, settings: ParseSettings): Set<string> {
    const { parsed, context } = file;
    const uri = parsed.uri;
    const same =
      !this.files.has(uri) &&
      !isRenderedUri(uri) &&
      !isTextInput(uri) &&
      settings.defaultNamespace === this.settingsValue.defaultNamespace &&
      settings.maxFileSize === this.settingsValue.maxFileSize &&
      context.namespaceOverride === this.namespaceOverride.get(uri) &&
      context.template === this.isChartTemplate(uri);
    if (!same) return this.setFile(uri, parsed.text);
    return this.publicSet(this.replace(uri, parsed, false));
  }

  // ---- render units (see render/types.ts) ---------------------------------------------------

  /** The workspace folders (URIs): a unit with an input outside them is not rendered. */
  setFolders(folderUris: readonly string[]): Set<string> {
    this.folders = [...folderUris];
    return this.publicSet(this.refreshUnits());
  }

  /**
   * Holds unit discovery back while many files arrive (the initial scan's batches): each
   * Chart.yaml or kustomization added would otherwise discover every unit again, over every file
   * held. Everything else stays current meanwhile (kustomize namespaces and patches apply to each
   * file as it arrives); the units, and what they read and hide, are those of before until the
   * returned function resumes discovery (its first call; nested holds resume at the outermost),
   * which discovers once and returns every file whose findings may have changed.
   */
  deferUnits(): () => Set<string> {
    this.unitsDeferred++;
    let resumed = false;
    return () => {
      if (resumed) return new Set();
      resumed = true;
      if (--this.unitsDeferred > 0 || !this.unitsStale) return new Set();
      this.unitsStale = false;
      return this.publicSet(this.refreshUnits());
    };
  }

  /**
   * Many files are about to be set at once (the initial scan, the CLI's load): the index keeps no
   * per-key change history until the returned function is called (`WorkspaceIndex.beginBulkLoad`;
   * what was computed meanwhile counts as stale). Findings and dependents are tracked as always.
   */
  beginBulkLoad(): () => void {
    return this.indexImpl.beginBulkLoad();
  }

  /** Files that are not manifests but that unit discovery needs (`charts/*.tgz`, `templates/*.tpl`), as the host found them. */
  setAuxiliaryFiles(uris: Iterable<string>): Set<string> {
    this.auxiliary = new Set(uris);
    return this.publicSet(this.refreshUnits());
  }

  /** The render units of the workspace, in a stable order (recomputed when a Chart.yaml or kustomization changes). */
  units(): readonly RenderUnit[] {
    return [...this.unitStates.values()].map((s) => s.unit);
  }

  /** The units that read this file: an edit to it (saved or not) re-renders them. */
  unitsReading(uri: string): readonly RenderUnit[] {
    const out: RenderUnit[] = [];
    for (const { unit } of this.unitStates.values()) if (reads(unit, uri)) out.push(unit);
    return out;
  }

  /** The last outcome handed in for a unit. */
  renderOutcome(unitId: string): RenderOutcome | undefined {
    return this.unitStates.get(unitId)?.outcome;
  }

  /**
   * Parses the changed documents of a coming render output ahead of `setRenderOutcome`, in steps
   * (the host runs one step at a time and serves edits in between): each call of the returned
   * function parses about 8 KB of documents whose text the current output does not have, and says
   * whether any remain. Nothing visible changes; `setRenderOutcome` with the same text keeps the
   * documents parsed here, as it keeps the unchanged ones (same text, same objects), so the model
   * is the same with or without the steps.
   */
  prepareRenderOutcome(unitId: string, text: string): () => boolean {
    const st = this.unitStates.get(unitId);
    if (!st) return () => false;
    const namespace = st.unit.namespace;
    const current = st.parsedNamespace === namespace ? this.files.get(st.renderedUri)?.parsed : undefined;
    const known = new Set(current?.documents.map((d) => d.text));
    const chunks = splitDocuments(text).filter((c) => !known.has(c.text));
    const prepared = { text, namespace, documents: [] as ParsedDocument[] };
    st.prepared = prepared;
    let next = 0;
    return () => {
      // Superseded (another output, another namespace, the unit gone): nothing more to do.
      if (st.prepared !== prepared || st.unit.namespace !== namespace || this.unitStates.get(unitId) !== st) return false;
      for (let chars = 0; next < chunks.length && chars < PREPARE_STEP_CHARS; next++) {
        const chunk = chunks[next]!;
        chars += chunk.text.length;
        prepared.documents.push(...safely(() => this.parse(st.renderedUri, chunk.text, undefined).documents) ?? []);
      }
      return next < chunks.length;
    };
  }

  /**
   * Computes and keeps a unit's findings on the source lines (the analysis of its rendered
   * objects and their mapping), which publishing would otherwise compute at once with the first
   * file it reaches: the host runs the returned function once per step (each checks 16 rendered
   * objects; the last one sorts, applies suppressions and maps), serving edits in between, until
   * it returns false. A change that invalidates the rendered file's findings meanwhile drops the
   * steps done (the next step starts again); the result is the file's findings as `findings` would
   * compute them at once (the rules check one object at a time).
   */
  analyseUnit(unitId: string): () => boolean {
    const st = this.unitStates.get(unitId);
    if (!st) return () => false;
    return () => {
      if (this.unitStates.get(unitId) !== st) return false;
      const rendered = this.files.get(st.renderedUri);
      if (rendered && !rendered.findings && !rendered.patch && !rendered.hidden) {
        let part = st.analysing;
        if (part?.state !== rendered) part = st.analysing = { state: rendered, done: 0, findings: [] };
        const input = this.analysisInput(st.renderedUri, rendered);
        const end = Math.min(input.objects.length, part.done + ANALYSE_STEP_OBJECTS);
        for (const f of safely(() => checkObjects(input, input.objects.slice(part.done, end))) ?? []) part.findings.push(f);
        part.done = end;
        if (end < input.objects.length) return true;
        st.analysing = undefined;
        rendered.findings = safely(() => completeFindings(input, part.findings));
        this.noteRelated(st.renderedUri, rendered);
      }
      safely(() => this.mappedFindings(st));
      return false;
    };
  }

  /** A unit's render result from the host. Returns every source file whose findings may have changed. */
  setRenderOutcome(unitId: string, outcome: RenderOutcome): Set<string> {
    const st = this.unitStates.get(unitId);
    if (!st) return new Set();
    const affected = new Set<string>([st.unit.fileUri, ...st.reach]);
    const prepared = st.prepared;
    st.prepared = undefined;
    st.outcome = outcome;
    st.mapped = undefined;
    if (outcome.status === 'rendered') {
      st.origin = safely(() =>
        buildOriginMap({
          unit: st.unit,
          renderedText: outcome.text,
          ...(outcome.originBase !== undefined ? { originBase: outcome.originBase } : {}),
          text: (u) => (isRenderedUri(u) ? undefined : this.text(u)),
          auxiliary: this.auxiliary,
        }),
      );
      const hooks = new Set<number>();
      st.origin?.documents.forEach((d, i) => d.hook && hooks.add(i));
      st.hooks = hooks;
      this.unindexRendered(st);
      // The previous output's unchanged documents keep their objects (same release namespace only),
      // and so do the documents parsed ahead for this output.
      let previous = st.parsedNamespace === st.unit.namespace ? this.files.get(st.renderedUri)?.parsed : undefined;
      if (prepared && prepared.text === outcome.text && prepared.namespace === st.unit.namespace && prepared.documents.length > 0) {
        previous = { uri: st.renderedUri, text: '', objects: [], notes: [], documents: [...(previous?.documents ?? []), ...prepared.documents] };
      }
      const parsed = this.parse(st.renderedUri, outcome.text, previous);
      st.parsedNamespace = st.unit.namespace;
      for (const u of this.replace(st.renderedUri, parsed, false)) affected.add(u);
      this.dropSyntax(st.renderedUri);
      for (const u of this.hideInputs(st, true)) affected.add(u);
    } else {
      st.origin = undefined;
      st.hooks = EMPTY_SET;
      for (const u of this.remove(st.renderedUri)) affected.add(u);
      // A unit the tool failed on still renders once fixed: its inputs stay hidden (no raw view of
      // templates while one is being fixed); a unit that is not rendered at all is seen as plain files.
      for (const u of this.hideInputs(st, outcome.status === 'failed')) affected.add(u);
    }
    // The file a render error or note lands on (the template line the tool names) changes too.
    for (const f of this.unitNotes(st)) affected.add(f.uri);
    return this.publicSet(affected);
  }

  /**
   * What a position-based feature runs on at `offset` of `uri`: the file itself when its objects
   * are its own, else every rendered position that the offset produced (one per unit, or several
   * for a template line rendered into several documents).
   */
  viewsAt(uri: string, offset: number): FileView[] {
    const state = this.files.get(uri);
    if (state && !state.hidden) {
      return [{ uri, text: state.parsed.text, objects: state.patch ? [] : state.parsed.objects, index: this.indexFor(uri), offset, unit: this.unitByRendered.get(uri)?.unit }];
    }
    const out: FileView[] = [];
    for (const st of this.unitStates.values()) {
      const rendered = st.origin ? this.files.get(st.renderedUri) : undefined;
      if (!rendered || !st.origin) continue;
      for (const at of safely(() => st.origin!.toRendered(uri, offset)) ?? []) {
        out.push({ uri: st.renderedUri, text: rendered.parsed.text, objects: rendered.parsed.objects, index: st.view, offset: at, unit: st.unit });
      }
    }
    return out;
  }

  /** What a whole-file feature (CodeLens, inlay hints, outline) runs on: the file, or the rendered objects that came from it. */
  viewsOf(uri: string): Omit<FileView, 'offset'>[] {
    const state = this.files.get(uri);
    if (state && !state.hidden) return [{ uri, text: state.parsed.text, objects: state.patch ? [] : state.parsed.objects, index: this.indexFor(uri), unit: undefined }];
    const out: Omit<FileView, 'offset'>[] = [];
    for (const st of this.unitStates.values()) {
      const rendered = st.origin ? this.files.get(st.renderedUri) : undefined;
      if (!rendered || !st.origin) continue;
      const documents = st.origin.documents;
      const objects = rendered.parsed.objects.filter((o) => documents[o.documentIndex]?.sourceUri === uri);
      if (objects.length) out.push({ uri: st.renderedUri, text: rendered.parsed.text, objects, index: st.view, unit: st.unit });
    }
    return out;
  }

  /** Where a location of any file (a rendered one included) stands in a real file; identity for real files. */
  toSource(uri: string, span: Span): { uri: string; span: Span; exact: boolean } {
    const st = this.unitByRendered.get(uri);
    if (!st) return { uri, span, exact: true };
    const loc = st.origin ? safely(() => st.origin!.toSource(span)) : undefined;
    return loc ? { uri: loc.uri, span: loc.span, exact: loc.exact } : { uri: st.unit.fileUri, span: { start: 0, end: 0 }, exact: false };
  }

  /** Like `toSource`, with the related locations of the origin (the values-file line a plain `{{ .Values.x }}` reads). */
  sourceOf(uri: string, span: Span): SourceLocation {
    const st = this.unitByRendered.get(uri);
    if (!st) return { uri, span, exact: true };
    return (st.origin ? safely(() => st.origin!.toSource(span)) : undefined) ?? { uri: st.unit.fileUri, span: { start: 0, end: 0 }, exact: false };
  }

  /** The source collection (a base's or patch's mapping or sequence) an insertion into the rendered collection at `span` lands in; undefined when none is exact. */
  insertionTarget(uri: string, span: Span, insertion: InsertionRequest): InsertionTarget | undefined {
    const st = this.unitByRendered.get(uri);
    return st?.origin ? safely(() => st.origin!.insertionTarget(span, insertion)) : undefined;
  }

  /** The unit of a rendered file. */
  unitOf(uri: string): RenderUnit | undefined {
    return this.unitByRendered.get(uri)?.unit;
  }

  // -------------------------------------------------------------------------------------------

  private ownFindings(uri: string, state: FileState): Finding[] {
    if (!state.findings) {
      // Kept until a change affects them: most files have none (one shared empty list).
      state.findings = exact(analyzeFile(this.analysisInput(uri, state)));
      this.noteRelated(uri, state);
    }
    return state.findings;
  }

  /** Files the file's findings (and kept findings per object) point into get the file in `relatedFrom`. */
  private noteRelated(uri: string, state: FileState): void {
    const note = (findings: readonly Finding[]) => {
      for (const f of findings) {
        for (const r of f.related) {
          if (r.uri === uri) continue;
          let from = this.relatedFrom.get(r.uri);
          if (!from) this.relatedFrom.set(r.uri, (from = new Set()));
          from.add(uri);
        }
      }
    };
    if (state.perObject) for (const record of state.perObject.values()) note(record.findings ?? []);
    note(state.findings ?? []);
  }

  /**
   * The documents of `uri` that `spans` describes moved: the findings other files keep that point
   * into them (related locations) are moved with them. Returns the files whose findings changed.
   */
  private moveRelated(uri: string, spans: MovedSpans): Set<string> {
    const changed = new Set<string>();
    const from = this.relatedFrom.get(uri);
    for (const g of from ?? []) {
      const state = this.files.get(g);
      let points = false;
      const move = (findings: readonly Finding[]): readonly Finding[] => {
        if (!points && findings.some((f) => f.related.some((r) => r.uri === uri))) points = true;
        const next = spans.findings(findings);
        if (next !== findings) changed.add(g);
        return next;
      };
      if (state && g !== uri) {
        for (const record of state.perObject?.values() ?? []) if (record.findings) record.findings = move(record.findings);
        if (state.findings) state.findings = move(state.findings) as Finding[];
      }
      if (!points) from!.delete(g);
      const st = this.unitByRendered.get(g);
      if (st && changed.has(g)) {
        // Its findings on the source lines are mapped again; an analysis in parts starts again.
        st.mapped = undefined;
        st.analysing = undefined;
      }
    }
    if (from?.size === 0) this.relatedFrom.delete(uri);
    return changed;
  }

  private analysisInput(uri: string, state: FileState): AnalysisInput {
    const silent = state.patch || state.hidden;
    return {
      uri,
      text: state.parsed.text,
      objects: silent ? [] : state.parsed.objects,
      notes: state.hidden ? [] : state.parsed.notes,
      index: this.indexFor(uri),
      settings: this.settingsValue,
      onRuleError: (rule, error) => this.options.onRuleError?.(rule, uri, error),
      ...(state.perObject ? { memo: recordsMemo(state.perObject) } : {}),
    };
  }

  /** A unit's findings (render notes included), on the source lines they map to, suppression comments of those lines applied. */
  private mappedFindings(st: UnitState): Map<string, UnitFinding[]> {
    if (st.mapped) return st.mapped;
    const label = unitLabel(st.unit, this.folders);
    const out = new Map<string, UnitFinding[]>();
    const add = (f: UnitFinding) => {
      let list = out.get(f.uri);
      if (!list) out.set(f.uri, (list = []));
      list.push(f);
    };
    for (const f of this.unitNotes(st)) add({ ...f, unitLabel: label });
    const rendered = this.files.get(st.renderedUri);
    if (rendered && st.origin) {
      const mapRelated = (r: RelatedLocation): RelatedLocation => {
        if (!isRenderedUri(r.uri)) return r;
        const loc = this.toSource(r.uri, r.span);
        return { uri: loc.uri, span: loc.span, message: r.message };
      };
      for (const f of this.ownFindings(st.renderedUri, rendered)) {
        const loc = safely(() => st.origin!.toSource(f.span));
        if (!loc) continue;
        add({
          uri: loc.uri,
          span: loc.span,
          rule: f.rule,
          severity: f.severity,
          message: f.message,
          related: [...f.related.map(mapRelated), ...(loc.related ?? [])],
          unitLabel: label,
        });
      }
    }
    for (const [uri, list] of out) {
      const text = this.text(uri);
      const kept = text === undefined ? list : (applySuppressions(text, list) as UnitFinding[]);
      if (kept.length) out.set(uri, kept);
      else out.delete(uri);
      st.reach.add(uri);
    }
    st.mapped = out;
    return out;
  }

  /** Notes about the unit itself: why it did not render, or where the tool says it failed. */
  private unitNotes(st: UnitState): Finding[] {
    const { unit, outcome } = st;
    if (unit.blocked) {
      return [{ uri: unit.fileUri, span: unit.blocked.span, rule: 'render-blocked', severity: 'information', message: unit.blocked.message, related: [] }];
    }
    if (!outcome || outcome.status === 'rendered') return [];
    if (outcome.status === 'not-rendered') {
      if (!this.settingsValue.skippedFileNotes) return [];
      return [{ uri: unit.fileUri, span: { start: 0, end: 0 }, rule: 'render-skipped', severity: 'information', message: outcome.message, related: [] }];
    }
    // The message names the tool once ("helm template failed: …"); the unit label added with the
    // other unit findings names the unit ("(in Helm release web)").
    const at = safely(() => locateRenderError(unit, outcome.stderr, (u) => (isRenderedUri(u) ? undefined : this.text(u))));
    if (!at) return [{ uri: unit.fileUri, span: { start: 0, end: 0 }, rule: 'render-failed', severity: 'error', message: `${toolLabel(unit)} failed: ${firstLine(outcome.stderr)}`, related: [] }];
    return [{ uri: at.uri, span: at.span, rule: 'render-failed', severity: 'error', message: at.message, related: [] }];
  }

  /**
   * Rendered files are internal: a change that reaches one reaches the source files its
   * findings land on (now, or before the change).
   */
  private publicSet(affected: Set<string>): Set<string> {
    let rendered = false;
    for (const u of affected) if (isRenderedUri(u)) rendered = true;
    if (!rendered) return affected;
    const out = new Set<string>();
    for (const u of affected) {
      const st = this.unitByRendered.get(u);
      if (!isRenderedUri(u)) out.add(u);
      else if (st) {
        out.add(st.unit.fileUri);
        for (const r of st.reach) out.add(r);
        for (const s of st.origin?.sources ?? []) out.add(s);
        // Helpers (`include` of a define in a `.tpl`) are no document's source, yet findings land there.
        for (const s of st.unit.inputs) if (this.textInputs.has(s)) out.add(s);
      }
    }
    return out;
  }

  /** Recomputes the units from the workspace's files; units that went away take their rendered objects with them. */
  private refreshUnits(): Set<string> {
    if (this.unitsDeferred > 0) {
      this.unitsStale = true;
      return new Set();
    }
    const affected = new Set<string>();
    const discovered =
      safely(() =>
        discoverUnits({ files: new TextsView(this.files), auxiliary: this.auxiliary, folders: this.folders, settings: this.settingsValue }),
      ) ?? [];
    const ids = new Set(discovered.map((u) => u.id));
    for (const [id, st] of [...this.unitStates]) {
      if (ids.has(id)) continue;
      for (const u of this.hideInputs(st, false)) affected.add(u);
      for (const u of this.remove(st.renderedUri)) affected.add(u);
      affected.add(st.unit.fileUri);
      for (const r of st.reach) affected.add(r);
      this.unitStates.delete(id);
      this.unitByRendered.delete(st.renderedUri);
    }
    for (const unit of discovered) {
      const st = this.unitStates.get(unit.id);
      if (!st) {
        const uri = renderedUri(unit);
        const fresh: UnitState = {
          unit,
          renderedUri: uri,
          view: new WorldView(this.indexImpl, unit.id, this.worldOf),
          outcome: undefined,
          origin: undefined,
          hooks: EMPTY_SET,
          mapped: undefined,
          reach: new Set(),
          hidden: new Set(),
        };
        this.unitStates.set(unit.id, fresh);
        this.unitByRendered.set(uri, fresh);
        if (unit.blocked) affected.add(unit.fileUri);
      } else if (JSON.stringify(st.unit) !== JSON.stringify(unit)) {
        st.unit = unit;
        st.mapped = undefined;
        affected.add(unit.fileUri);
        if (st.outcome?.status === 'rendered') for (const u of this.hideInputs(st, true)) affected.add(u);
      }
    }
    // Stable order: by root.
    const sorted = [...this.unitStates.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.unitStates.clear();
    for (const [id, st] of sorted) this.unitStates.set(id, st);
    return affected;
  }

  /** Hides (or shows again) the raw objects of a unit's inputs; re-indexes the files whose status changed. */
  private hideInputs(st: UnitState, hide: boolean): Set<string> {
    const want = new Set<string>();
    if (hide) for (const uri of this.files.keys()) if (!isRenderedUri(uri) && reads(st.unit, uri)) want.add(uri);
    const changed = new Set<string>();
    for (const uri of st.hidden) {
      if (want.has(uri)) continue;
      const by = this.hiddenBy.get(uri);
      by?.delete(st.unit.id);
      if (by && by.size === 0) this.hiddenBy.delete(uri);
      changed.add(uri);
    }
    for (const uri of want) {
      if (st.hidden.has(uri)) continue;
      let by = this.hiddenBy.get(uri);
      if (!by) this.hiddenBy.set(uri, (by = new Set()));
      by.add(st.unit.id);
      changed.add(uri);
    }
    st.hidden = want;
    const affected = new Set<string>();
    for (const uri of changed) {
      const state = this.files.get(uri);
      if (!state) continue;
      const hidden = this.hiddenBy.has(uri);
      if (state.hidden === hidden) continue;
      for (const u of this.dependentsOf(this.keysOf(state))) affected.add(u);
      this.unindex(uri, state);
      state.hidden = hidden;
      forgetFindings(state);
      this.indexFile(uri, state);
      for (const u of this.dependentsOf(this.keysOf(state))) affected.add(u);
      affected.add(uri);
    }
    for (const u of affected) this.invalidate(u);
    return affected;
  }

  private unindexRendered(st: UnitState): void {
    const state = this.files.get(st.renderedUri);
    if (state) this.unindex(st.renderedUri, state);
  }

  /**
   * Files that are not open are read with the fast path where it applies (fast-parse.ts: same
   * model, declines to `yaml` on anything unusual); in an open file only documents whose text
   * changed are parsed with `yaml`, the others are reused or re-read with the fast path.
   */
  private parse(
    uri: string,
    text: string,
    previous: ParsedFile | undefined,
    unreadSize?: number,
    open = false,
    onMoved?: (from: ParsedDocument, to: ParsedDocument) => void,
  ): ParsedFile {
    const unit = this.unitByRendered.get(uri)?.unit;
    if (unit) {
      // A rendered file: the tool's output, whatever its size; objects without a namespace go to the release's.
      return parseFile({ uri, text, previous, reuseDropped: true, fast: 'all', defaultNamespace: unit.namespace ?? this.settingsValue.defaultNamespace });
    }
    return parseFile({
      uri,
      text,
      previous,
      unreadSize,
      fast: open ? 'unchanged' : 'all',
      open,
      defaultNamespace: this.settingsValue.defaultNamespace,
      namespaceOverride: this.namespaceOverride.get(uri),
      template: this.isChartTemplate(uri),
      maxFileSize: this.settingsValue.maxFileSize,
      onMoved,
    });
  }

  /** The file lies under `templates/` of a folder holding a Chart.yaml. */
  private isChartTemplate(uri: string): boolean {
    return isChartTemplate(uri, (u) => this.files.has(u));
  }

  private remove(uri: string): Set<string> {
    const state = this.files.get(uri);
    if (!state) return new Set();
    const affected = this.dependentsOf(this.keysOf(state));
    this.unindex(uri, state);
    this.deleteState(uri);
    this.relatedFrom.delete(uri);
    affected.delete(uri);
    if (!isRenderedUri(uri)) {
      if (state.parsed.objects.some(isKustomization)) for (const u of this.refreshKustomizations()) affected.add(u);
      if (basename(uri) === 'Chart.yaml') for (const u of this.reparseTemplatesOf(dirname(uri))) affected.add(u);
      if (this.unitRelevant(uri, state.parsed, undefined)) for (const u of this.refreshUnits()) affected.add(u);
    }
    this.addCallers(affected, state.parsed.objects);
    affected.delete(uri);
    for (const u of affected) this.invalidate(u);
    return affected;
  }

  /**
   * Replaces a file's parse. The index and the dependency graph change only by the objects that
   * changed (by identity: the documents an edit did not touch keep their objects), and the files
   * affected are the dependents of the keys those objects provide — plus the file itself, and the
   * hops of `addCallers`. Those keys are the *touched* keys: an open file's kept objects keep
   * their findings unless they depend on one (`invalidate`).
   */
  private replace(uri: string, parsed: ParsedFile, open: boolean, moves: readonly MovedDocument[] = []): Set<string> {
    const old = this.files.get(uri);
    const state: FileState = {
      parsed,
      open,
      patch: this.patchFiles.has(uri),
      hidden: this.hiddenBy.has(uri),
      depends: [],
      findings: undefined,
      perObject: open ? new Map() : undefined,
    };
    // Moved documents (an edit before them changed the length): their objects are copies, the same
    // content with the spans moved. Each takes its object's place in the index, keeps its keys and
    // its findings (moved with it), and provides nothing new: it touches no key.
    const moved: MovedObjects | undefined = old && moves.length ? movedObjects(uri, old.parsed.objects, parsed.documents, moves) : undefined;
    if (state.perObject && old?.perObject) {
      const move = (record: ObjectRecord): ObjectRecord => {
        const findings = record.findings && moved ? moved.spans.findings(record.findings) : record.findings;
        return findings === record.findings ? record : { depends: record.depends, provides: record.provides, findings };
      };
      for (const o of parsed.objects) {
        const record = old.perObject.get(o);
        if (record) state.perObject.set(o, move(record));
      }
      for (const [from, to] of moved?.objects ?? []) {
        const record = old.perObject.get(from);
        if (record) state.perObject.set(to, move(record));
      }
    }
    this.setState(uri, state);
    /** `providedKeys`, kept per object of an open file. */
    const computed = new Map<K8sObject, readonly string[]>();
    const provided = (o: K8sObject): readonly string[] => {
      const record = state.perObject?.get(o) ?? old?.perObject?.get(o);
      if (record) return (record.provides ??= providedKeys(o));
      let keys = computed.get(o);
      if (!keys) computed.set(o, (keys = providedKeys(o)));
      return keys;
    };
    const changes = this.indexFile(uri, state, old?.depends ?? [], moved?.objects, provided);
    // The keys the removed and added objects provide, as the index computed them.
    const touched = changes.provided;
    const affected = this.dependentsOf([...touched]);
    affected.add(uri);
    /** Files affected another way than through keys (their status or parse changed): analysed again whole. */
    const whole = new Set<string>();
    if (!isRenderedUri(uri)) {
      // A file a kustomization lists was parsed with the namespace it claims (`namespaceOverride`):
      // only a kustomization coming, changing or going changes the claims.
      const hadKustomization = old?.parsed.objects.some(isKustomization) ?? false;
      if (hadKustomization || parsed.objects.some(isKustomization)) {
        for (const u of this.refreshKustomizations()) whole.add(u);
      }
      if (!old && basename(uri) === 'Chart.yaml') for (const u of this.reparseTemplatesOf(dirname(uri))) whole.add(u);
      if (this.unitRelevant(uri, parsed, old?.parsed)) for (const u of this.refreshUnits()) whole.add(u);
    }
    for (const u of whole) affected.add(u);
    this.addCallers(affected, changes.removed, changes.added, touched);
    for (const u of affected) this.invalidate(u, whole.has(u) ? undefined : touched);
    // Findings of other files kept with related locations in the moved documents move too (republished, not recomputed).
    if (moved) for (const u of this.moveRelated(uri, moved.spans)) affected.add(u);
    return affected;
  }

  /** A change to this file may change which units exist or what they read. */
  private unitRelevant(uri: string, parsed: ParsedFile, old: ParsedFile | undefined): boolean {
    const name = basename(uri);
    if (name === 'Chart.yaml' || KUSTOMIZATION_NAMES.includes(name)) return true;
    return parsed.objects.some(isKustomization) || (old?.objects.some(isKustomization) ?? false);
  }

  /** A Chart.yaml came or went: the documents under its templates/ are (or are no longer) templates. */
  private reparseTemplatesOf(chartDir: string): Set<string> {
    const prefix = `${chartDir}/templates/`;
    const affected = new Set<string>();
    for (const [uri, state] of [...this.files]) {
      if (!uri.startsWith(prefix)) continue;
      for (const u of this.replace(uri, this.parse(uri, state.parsed.text, undefined, undefined, state.open), state.open)) affected.add(u);
      if (!state.open) this.dropSyntax(uri);
    }
    return affected;
  }

  /**
   * A Namespace edit changes the verdicts of the policies that select namespaces by label (their
   * files are affected through the namespace-label key) for the calls from and into that
   * namespace (network-policy-blocks-caller): its callers and its Services depend on its
   * policies' key, and the Services' callers follow in `addCallers`. Only when some affected
   * policy reads namespace labels.
   */
  private addPolicyDependents(affected: Set<string>, edited: readonly K8sObject[], touched?: Set<string>): void {
    const namespaces = new Set(edited.filter(isNamespace).map((o) => o.name).filter((n) => n));
    if (namespaces.size === 0) return;
    if (![...affected].some((u) => (this.files.get(u)?.parsed.objects ?? []).some(readsNamespaceLabels))) return;
    const keys = [...namespaces].map(policiesKey);
    for (const k of touched ? keys : []) touched!.add(k);
    for (const u of this.dependentsOf(keys)) affected.add(u);
  }

  /**
   * One more hop for service-to-service calls: a Service whose file is affected may have changed
   * endpoints (a workload it selects was edited), which its callers report. Adds the files that
   * call a Service of an affected file (or of the replaced objects) by name. With the keys an edit
   * touched (`replace`), a Service of an open file counts only when it changed or depends on one
   * of them (its endpoints, its policies, its callers can have changed only then), and the
   * callers' keys are added to the touched ones.
   */
  private addCallers(affected: Set<string>, replaced: readonly K8sObject[], current: readonly K8sObject[] = [], touched?: Set<string>): void {
    this.addPolicyDependents(affected, [...replaced, ...current], touched);
    const names = new Set<string>();
    for (const o of [...replaced, ...current]) if (isService(o)) names.add(o.name);
    for (const u of affected) {
      const state = this.files.get(u);
      for (const o of state?.parsed.objects ?? []) {
        if (!isService(o) || names.has(o.name)) continue;
        const record = touched ? state!.perObject?.get(o) : undefined;
        if (record && !record.depends.some((k) => touched!.has(k))) continue;
        names.add(o.name);
      }
    }
    if (names.size === 0) return;
    const keys = [...names].map(callersKey);
    for (const k of touched ? keys : []) touched!.add(k);
    for (const u of this.dependentsOf(keys)) affected.add(u);
  }

  /**
   * Files the file's objects in the index and its keys in the dependency graph; `previousDepends`
   * are the keys the file had there (only the difference is applied). Returns what the index
   * changed.
   */
  private indexFile(
    uri: string,
    state: FileState,
    previousDepends: readonly string[] = [],
    moved?: ReadonlyMap<K8sObject, K8sObject>,
    provided?: (o: K8sObject) => readonly string[],
  ): ObjectChanges {
    let objects = state.patch || state.hidden ? [] : state.parsed.objects;
    const hooks = this.unitByRendered.get(uri)?.hooks;
    // Helm hooks (test Pods and the like) run once: never a Service's backends.
    if (hooks && hooks.size) objects = objects.filter((o) => !(isWorkload(o) && hooks.has(o.documentIndex)));
    const changes = this.indexImpl.setObjects(uri, objects, moved, provided);
    const records = state.perObject;
    const keys = new Set<string>();
    for (const o of objects) for (const k of records ? recordOf(records, o).depends : dependedKeys(o)) keys.add(k);
    // One copy of each key across files (most are shared: the namespaces', the Service names' keys).
    const depends = [...keys];
    for (let i = 0; i < depends.length; i++) depends[i] = internJoined(depends[i]!);
    state.depends = depends;
    this.dependents.replace(uri, previousDepends, state.depends);
    return changes;
  }

  private unindex(uri: string, state: FileState): void {
    this.indexImpl.removeObjects(uri);
    this.dependents.remove(uri, state.depends);
    state.depends = [];
  }

  private keysOf(state: FileState): string[] {
    return state.patch || state.hidden ? [] : state.parsed.objects.flatMap(providedKeys);
  }

  private dependentsOf(keys: readonly string[]): Set<string> {
    return this.dependents.of(keys);
  }

  /**
   * The file's findings are to be computed again. With the keys an edit touched, an open file's
   * objects that depend on none of them keep theirs (the dependency invariant, per object).
   */
  private invalidate(uri: string, touched?: ReadonlySet<string>): void {
    const state = this.files.get(uri);
    if (state) {
      state.findings = undefined;
      for (const record of state.perObject?.values() ?? []) {
        if (!touched || record.depends.some((k) => touched.has(k))) record.findings = undefined;
      }
    }
    const st = this.unitByRendered.get(uri);
    if (st) {
      st.mapped = undefined;
      st.analysing = undefined;
    }
    // A source file's unit findings are cached with the unit; an edit to it moves their suppression comments.
    if (this.hiddenBy.has(uri)) for (const id of this.hiddenBy.get(uri)!) {
      const owner = this.unitStates.get(id);
      if (owner) owner.mapped = undefined;
    }
  }

  private dropSyntax(uri: string): void {
    const state = this.files.get(uri);
    if (!state || state.open) return;
    // Copies made by the records' own constructors (one hidden class, fields in the object; bench/memory.ts).
    const p = state.parsed;
    const documents = p.documents.map((d) => (d.yaml || d.fastTree !== undefined ? parsedDocument(d.index, d.span, d.text, undefined, d.objects, d.broken, undefined) : d));
    state.parsed = parsedFileOf(p.uri, p.text, documents, p.objects, p.notes);
  }

  // Kustomize: `namespace:` of a kustomization applies to the files it lists (outermost wins, and
  // it replaces what a file declares); files it lists as patches are not objects of their own.

  /** Recomputes namespace overrides and patch files; re-reads the files whose status changed. */
  private refreshKustomizations(): Set<string> {
    const { overrides, patches } = this.computeKustomizations();
    const changed = new Set<string>();
    for (const uri of new Set([...overrides.keys(), ...this.namespaceOverride.keys(), ...patches, ...this.patchFiles])) {
      if (overrides.get(uri) !== this.namespaceOverride.get(uri) || patches.has(uri) !== this.patchFiles.has(uri)) changed.add(uri);
    }
    this.namespaceOverride = overrides;
    this.patchFiles = patches;
    const affected = new Set<string>();
    for (const uri of changed) {
      const state = this.files.get(uri);
      if (!state) continue;
      const before = this.dependentsOf(this.keysOf(state));
      this.unindex(uri, state);
      const next: FileState = {
        // No reuse of the previous parse: its objects carry the old namespace.
        parsed: this.parse(uri, state.parsed.text, undefined, undefined, state.open),
        open: state.open,
        patch: patches.has(uri),
        hidden: this.hiddenBy.has(uri),
        depends: [],
        findings: undefined,
        perObject: state.open ? new Map() : undefined,
      };
      this.setState(uri, next);
      this.indexFile(uri, next);
      if (!next.open) this.dropSyntax(uri);
      for (const u of before) affected.add(u);
      for (const u of this.dependentsOf(this.keysOf(next))) affected.add(u);
      affected.add(uri);
    }
    return affected;
  }

  /**
   * The namespace claims and patch files of every kustomization, from the kustomizations alone
   * (a claim does not depend on whether the file it names is present yet).
   */
  private computeKustomizations(): { overrides: Map<string, string>; patches: Set<string> } {
    // By URI: when two kustomizations claim a file for different namespaces, the first root by
    // URI wins, whatever order the files came in.
    const kustomizations = new Map([...this.kustomizationFiles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const overrides = new Map<string, string>();
    const patches = new Set<string>();
    const referenced = new Set<string>();
    const kustomizationIn = (target: ResolvedTarget) => target.candidates.find((u) => kustomizations.has(u));
    for (const [kUri, k] of kustomizations) {
      for (const target of resolvedPaths(kUri, k).resources) {
        const nested = kustomizationIn(target);
        if (nested) referenced.add(nested);
      }
    }
    const visit = (kUri: string, k: Kustomization, inherited: string | undefined, seen: Set<string>) => {
      if (seen.has(kUri)) return;
      seen.add(kUri);
      const ns = inherited ?? k.kustomizeNamespace;
      const resolved = resolvedPaths(kUri, k);
      for (const p of resolved.patches) patches.add(p);
      for (const target of resolved.resources) {
        const nested = kustomizationIn(target);
        if (nested) visit(nested, kustomizations.get(nested)!, ns, seen);
        else if (ns && !overrides.has(target.uri)) overrides.set(target.uri, ns);
      }
    };
    for (const [kUri, k] of kustomizations) if (!referenced.has(kUri)) visit(kUri, k, undefined, new Set());
    // Cycles of kustomizations referencing each other have no root; visit what is left.
    for (const [kUri, k] of kustomizations) if (referenced.has(kUri)) visit(kUri, k, undefined, new Set());

    return { overrides, patches };
  }

  /** Sets a file's state, keeping `kustomizationFiles`. */
  private setState(uri: string, state: FileState): void {
    this.files.set(uri, state);
    const k = state.parsed.objects.find(isKustomization);
    if (k) this.kustomizationFiles.set(uri, k);
    else this.kustomizationFiles.delete(uri);
  }

  private deleteState(uri: string): void {
    this.files.delete(uri);
    this.kustomizationFiles.delete(uri);
  }
}

interface ResolvedTarget {
  /** The resource's URI. */
  readonly uri: string;
  /** Where a kustomization in it would be, when it is a folder (KUSTOMIZATION_NAMES, in order). */
  readonly candidates: readonly string[];
}

/**
 * A kustomization's local resources and patches as URIs. Its model is immutable, so they are
 * resolved once per object: the claims are recomputed for every kustomization that comes, and
 * read every kustomization each time.
 */
const resolvedMemo = new WeakMap<Kustomization, { readonly uri: string; readonly resources: readonly ResolvedTarget[]; readonly patches: readonly string[] }>();

function resolvedPaths(kUri: string, k: Kustomization): { readonly resources: readonly ResolvedTarget[]; readonly patches: readonly string[] } {
  const hit = resolvedMemo.get(k);
  if (hit && hit.uri === kUri) return hit;
  const dir = dirname(kUri);
  const resources = k.resources
    .filter((r) => !/^[a-z]+:\/\//i.test(r) && !r.includes('\n'))
    .map((r) => {
      const uri = joinPath(dir, r);
      return { uri, candidates: KUSTOMIZATION_NAMES.map((n) => `${uri}/${n}`) };
    });
  const patches = k.patches.filter((p) => !p.includes('\n')).map((p) => joinPath(dir, p));
  const resolved = { uri: kUri, resources, patches };
  resolvedMemo.set(k, resolved);
  return resolved;
}

/** Every finding of the file is to be computed again (settings, hiding: not a matter of keys). */
function forgetFindings(state: FileState): void {
  state.findings = undefined;
  for (const record of state.perObject?.values() ?? []) record.findings = undefined;
}

function recordOf(records: Map<K8sObject, ObjectRecord>, o: K8sObject): ObjectRecord {
  let record = records.get(o);
  if (!record) records.set(o, (record = { depends: dependedKeys(o), findings: undefined }));
  return record;
}

/** `analyzeFile`'s memo over an open file's records. */
function recordsMemo(records: Map<K8sObject, ObjectRecord>): ObjectFindingsMemo {
  return {
    get: (o) => records.get(o)?.findings,
    set: (o, findings) => {
      recordOf(records, o).findings = findings;
    },
  };
}

/** The unit reads the file (one of its inputs, or inside a folder it reads whole). */
function reads(unit: RenderUnit, uri: string): boolean {
  if (unit.inputs.includes(uri)) return true;
  return unit.inputFolders.some((f) => uri.startsWith(f.endsWith('/') ? f : `${f}/`));
}

/** Runs pure code that must never throw on bad input, containing it if it does anyway. */
function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'no message';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** The real files' texts as a map, without copying them (unit discovery reads a few). */
class TextsView implements ReadonlyMap<string, string> {
  constructor(private readonly files: ReadonlyMap<string, FileState>) {}
  get size(): number {
    return this.files.size;
  }
  get(uri: string): string | undefined {
    return isRenderedUri(uri) ? undefined : this.files.get(uri)?.parsed.text;
  }
  has(uri: string): boolean {
    return !isRenderedUri(uri) && this.files.has(uri);
  }
  *entries(): MapIterator<[string, string]> {
    for (const [uri, state] of this.files) if (!isRenderedUri(uri)) yield [uri, state.parsed.text];
  }
  *keys(): MapIterator<string> {
    for (const uri of this.files.keys()) if (!isRenderedUri(uri)) yield uri;
  }
  *values(): MapIterator<string> {
    for (const [uri, state] of this.files) if (!isRenderedUri(uri)) yield state.parsed.text;
  }
  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
  forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [k, v] of this.entries()) callback(v, k, this);
  }
}
