/**
 * The workspace model: every manifest file, its parse, the cross-file index, and the findings of
 * each file, kept up to date one file change at a time. Pure: the host (LSP server, CLI) reads
 * files and hands their text in; nothing here touches the file system.
 *
 * Each change answers the set of files whose findings may have changed, so the host republishes
 * only those (see dependencies.ts).
 */
import { analyzeFile } from '../analysis';
import type { Finding } from '../findings';
import { isKustomization, type K8sObject, type Kustomization } from '../model/types';
import { parseFile, parseYamlDocument, type ParsedDocument, type ParsedFile } from '../parse/parse-file';
import type { RenderOutcome, RenderUnit } from '../render/types';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { dirname, joinPath } from '../uri';
import { dependedKeys, providedKeys } from './dependencies';
import { WorkspaceIndex, type IndexView } from './workspace-index';

interface FileState {
  parsed: ParsedFile;
  /** Open in an editor: keep the YAML syntax trees for fast re-parse and for edits. */
  open: boolean;
  /** Listed as a patch by a kustomization: its objects are not real objects. */
  patch: boolean;
  depends: string[];
  findings: Finding[] | undefined;
}

export interface WorkspaceOptions {
  readonly settings?: Settings;
  readonly onRuleError?: (rule: string, uri: string, error: unknown) => void;
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export class Workspace {
  private readonly files = new Map<string, FileState>();
  private readonly indexImpl = new WorkspaceIndex();
  private readonly dependents = new Map<string, Map<string, number>>();
  private settingsValue: Settings;
  private namespaceOverride = new Map<string, string>();
  private patchFiles = new Set<string>();
  /** Every file a kustomization lists as a resource, present or not (a file added later must refresh them). */
  private kustomizationTargets = new Set<string>();

  constructor(private readonly options: WorkspaceOptions = {}) {
    this.settingsValue = options.settings ?? DEFAULT_SETTINGS;
  }

  get settings(): Settings {
    return this.settingsValue;
  }

  get index(): IndexView {
    return this.indexImpl;
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  parsed(uri: string): ParsedFile | undefined {
    return this.files.get(uri)?.parsed;
  }

  text(uri: string): string | undefined {
    return this.files.get(uri)?.parsed.text;
  }

  /** All objects of a file, patches included (for the outline). */
  objectsOf(uri: string): readonly K8sObject[] {
    return this.files.get(uri)?.parsed.objects ?? [];
  }

  isPatch(uri: string): boolean {
    return this.files.get(uri)?.patch ?? false;
  }

  /** Adds or replaces a file. Returns every file whose findings may have changed. */
  setFile(uri: string, text: string, options: { open?: boolean; unreadSize?: number } = {}): Set<string> {
    const state = this.files.get(uri);
    const open = options.open ?? state?.open ?? false;
    if (options.unreadSize !== undefined) {
      return this.replace(uri, this.parse(uri, '', undefined, options.unreadSize), false);
    }
    if (state && state.parsed.text === text) {
      if (open && !state.open) state.open = true;
      if (!open && state.open) this.close(uri);
      return new Set();
    }
    const previous = state?.parsed;
    const parsed = this.parse(uri, text, previous, undefined, open);
    const affected = this.replace(uri, parsed, open);
    if (!open) this.dropSyntax(uri);
    return affected;
  }

  /** Marks a file as no longer open in an editor (its syntax trees may be dropped). */
  close(uri: string): void {
    const state = this.files.get(uri);
    if (!state) return;
    state.open = false;
    this.dropSyntax(uri);
  }

  removeFile(uri: string): Set<string> {
    const state = this.files.get(uri);
    if (!state) return new Set();
    const affected = this.dependentsOf(this.keysOf(state));
    this.unindex(uri, state);
    this.files.delete(uri);
    affected.delete(uri);
    if (state.parsed.objects.some(isKustomization)) for (const u of this.refreshKustomizations()) affected.add(u);
    for (const u of affected) this.invalidate(u);
    return affected;
  }

  /** New settings: every file is analysed again (namespaces may change too). */
  setSettings(settings: Settings): Set<string> {
    const namespaceChanged = settings.defaultNamespace !== this.settingsValue.defaultNamespace;
    this.settingsValue = settings;
    if (namespaceChanged) {
      // No reuse of the previous parse: its objects carry the old namespace.
      for (const [uri, state] of this.files) this.replace(uri, this.parse(uri, state.parsed.text, undefined, undefined, state.open), state.open);
    }
    for (const state of this.files.values()) state.findings = undefined;
    return new Set(this.files.keys());
  }

  /** The findings of one file (computed on demand, cached until a change affects them). */
  findings(uri: string): Finding[] {
    const state = this.files.get(uri);
    if (!state) return [];
    if (!state.findings) {
      state.findings = analyzeFile({
        uri,
        text: state.parsed.text,
        objects: state.patch ? [] : state.parsed.objects,
        notes: state.parsed.notes,
        index: this.indexImpl,
        settings: this.settingsValue,
        onRuleError: (rule, error) => this.options.onRuleError?.(rule, uri, error),
      });
    }
    return state.findings;
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
    return { ...doc, yaml: parseYamlDocument(doc.text) };
  }

  // ---- render units (see render/types.ts) ---------------------------------------------------

  /** The workspace folders (URIs): a unit with an input outside them is not rendered. */
  setFolders(folderUris: readonly string[]): Set<string> {
    void folderUris;
    return new Set();
  }

  /** Files that are not manifests but that unit discovery needs (`charts/*.tgz`, `templates/*.tpl`), as the host found them. */
  setAuxiliaryFiles(uris: Iterable<string>): Set<string> {
    void uris;
    return new Set();
  }

  /** The render units of the workspace, in a stable order (recomputed when a Chart.yaml or kustomization changes). */
  units(): readonly RenderUnit[] {
    return [];
  }

  /** The units that read this file: an edit to it (saved or not) re-renders them. */
  unitsReading(uri: string): readonly RenderUnit[] {
    void uri;
    return [];
  }

  /** A unit's render result from the host. Returns every source file whose findings may have changed. */
  setRenderOutcome(unitId: string, outcome: RenderOutcome): Set<string> {
    void unitId;
    void outcome;
    return new Set();
  }

  // -------------------------------------------------------------------------------------------

  /**
   * Files that are not open are read with the fast path where it applies (fast-parse.ts: same
   * model, declines to `yaml` on anything unusual); in an open file only documents whose text
   * changed are parsed with `yaml`, the others are reused or re-read with the fast path.
   */
  private parse(uri: string, text: string, previous: ParsedFile | undefined, unreadSize?: number, open = false): ParsedFile {
    return parseFile({
      uri,
      text,
      previous,
      unreadSize,
      fast: open ? 'unchanged' : 'all',
      defaultNamespace: this.namespaceOverride.get(uri) ?? this.settingsValue.defaultNamespace,
      maxFileSize: this.settingsValue.maxFileSize,
    });
  }

  private replace(uri: string, parsed: ParsedFile, open: boolean): Set<string> {
    const old = this.files.get(uri);
    const affected = old ? this.dependentsOf(this.keysOf(old)) : new Set<string>();
    if (old) this.unindex(uri, old);
    const state: FileState = { parsed, open, patch: this.patchFiles.has(uri), depends: [], findings: undefined };
    this.files.set(uri, state);
    this.indexFile(uri, state);
    for (const u of this.dependentsOf(this.keysOf(state))) affected.add(u);
    affected.add(uri);
    const hadKustomization = old?.parsed.objects.some(isKustomization) ?? false;
    if (hadKustomization || parsed.objects.some(isKustomization) || this.isListedByKustomization(uri)) {
      for (const u of this.refreshKustomizations()) affected.add(u);
    }
    for (const u of affected) this.invalidate(u);
    return affected;
  }

  private indexFile(uri: string, state: FileState): void {
    const objects = state.patch ? [] : state.parsed.objects;
    this.indexImpl.setObjects(uri, objects);
    state.depends = [...new Set(objects.flatMap(dependedKeys))];
    for (const k of state.depends) {
      let m = this.dependents.get(k);
      if (!m) this.dependents.set(k, (m = new Map()));
      m.set(uri, (m.get(uri) ?? 0) + 1);
    }
  }

  private unindex(uri: string, state: FileState): void {
    this.indexImpl.removeObjects(uri);
    for (const k of state.depends) {
      const m = this.dependents.get(k);
      if (!m) continue;
      m.delete(uri);
      if (m.size === 0) this.dependents.delete(k);
    }
    state.depends = [];
  }

  private keysOf(state: FileState): string[] {
    return state.patch ? [] : state.parsed.objects.flatMap(providedKeys);
  }

  private dependentsOf(keys: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (const k of keys) for (const uri of this.dependents.get(k)?.keys() ?? []) out.add(uri);
    return out;
  }

  private invalidate(uri: string): void {
    const state = this.files.get(uri);
    if (state) state.findings = undefined;
  }

  private dropSyntax(uri: string): void {
    const state = this.files.get(uri);
    if (!state || state.open) return;
    const documents = state.parsed.documents.map((d) => (d.yaml || d.fastTree !== undefined ? { ...d, yaml: undefined, fastTree: undefined } : d));
    state.parsed = { ...state.parsed, documents };
  }

  // Kustomize: `namespace:` of a kustomization applies to the files it lists (outermost wins);
  // files it lists as patches are not objects of their own.

  private isListedByKustomization(uri: string): boolean {
    return this.namespaceOverride.has(uri) || this.patchFiles.has(uri) || this.kustomizationTargets.has(uri);
  }

  /** Recomputes namespace overrides and patch files; re-reads the files whose status changed. */
  private refreshKustomizations(): Set<string> {
    const kustomizations = new Map<string, Kustomization>();
    for (const [uri, state] of this.files) {
      const k = state.parsed.objects.find(isKustomization);
      if (k) kustomizations.set(uri, k);
    }
    const overrides = new Map<string, string>();
    const patches = new Set<string>();
    const referenced = new Set<string>();
    const targets = new Set<string>();
    const kustomizationIn = (dirUri: string) => KUSTOMIZATION_NAMES.map((n) => `${dirUri}/${n}`).find((u) => kustomizations.has(u));
    const resolve = (kUri: string, k: Kustomization) =>
      k.resources.filter((r) => !/^[a-z]+:\/\//i.test(r) && !r.includes('\n')).map((r) => joinPath(dirname(kUri), r));
    for (const [kUri, k] of kustomizations) {
      for (const target of resolve(kUri, k)) {
        const nested = kustomizationIn(target);
        if (nested) referenced.add(nested);
        else targets.add(target);
      }
    }
    const visit = (kUri: string, k: Kustomization, inherited: string | undefined, seen: Set<string>) => {
      if (seen.has(kUri)) return;
      seen.add(kUri);
      const ns = inherited ?? k.kustomizeNamespace;
      for (const p of k.patches) if (!p.includes('\n')) patches.add(joinPath(dirname(kUri), p));
      for (const target of resolve(kUri, k)) {
        const nested = kustomizationIn(target);
        if (nested) visit(nested, kustomizations.get(nested)!, ns, seen);
        else if (ns && this.files.has(target) && !overrides.has(target)) overrides.set(target, ns);
      }
    };
    for (const [kUri, k] of kustomizations) if (!referenced.has(kUri)) visit(kUri, k, undefined, new Set());
    // Cycles of kustomizations referencing each other have no root; visit what is left.
    for (const [kUri, k] of kustomizations) if (referenced.has(kUri)) visit(kUri, k, undefined, new Set());

    const changed = new Set<string>();
    for (const uri of new Set([...overrides.keys(), ...this.namespaceOverride.keys(), ...patches, ...this.patchFiles])) {
      if (overrides.get(uri) !== this.namespaceOverride.get(uri) || patches.has(uri) !== this.patchFiles.has(uri)) changed.add(uri);
    }
    this.namespaceOverride = overrides;
    this.patchFiles = patches;
    this.kustomizationTargets = targets;
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
        depends: [],
        findings: undefined,
      };
      this.files.set(uri, next);
      this.indexFile(uri, next);
      if (!next.open) this.dropSyntax(uri);
      for (const u of before) affected.add(u);
      for (const u of this.dependentsOf(this.keysOf(next))) affected.add(u);
      affected.add(uri);
    }
    return affected;
  }
}
