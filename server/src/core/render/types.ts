/**
 * Render units: the Helm charts and Kustomize roots of the workspace, and what rendering them
 * gave. This file is the contract between the three layers that deal with rendering:
 *
 * - the **core** (pure) discovers units from the workspace's own files (`units.ts`), receives a
 *   unit's rendered text as a `RenderOutcome`, parses it like any manifest file into a *rendered
 *   file* (a virtual URI, `renderedUri(unit)`), analyses it in the unit's own *world*, and maps
 *   every finding and location back to the template / base / patch line a person edits
 *   (`origin-*.ts`, through an `OriginMap`);
 * - the **host** (`server/src/host/render/`) runs the real `helm` / `kustomize` binaries on a
 *   temporary copy of the unit's inputs with the editors' unsaved text overlaid, with timeouts,
 *   cancellation, trust and network checks and a cache, and hands the core a `RenderOutcome`;
 * - the **LSP layer and the CLI** ask the core for positions in source files; they never see a
 *   rendered file's offsets.
 *
 * Worlds: every object belongs to the plain world (`unit === undefined`) or to one unit. An object
 * sees objects of its own world and of the plain world; objects of two different units never see
 * each other (staging and production overlays go to different clusters).
 */
import type { Span } from '../model/types';

export type UnitTool = 'helm' | 'kustomize';

/** Per-chart overrides (`kubePorts.helm.releases`, keyed by chart path relative to a workspace folder). */
export interface HelmReleaseSettings {
  readonly releaseName?: string;
  readonly namespace?: string;
  /** Values files, relative to the chart folder (default: the chart's own `values.yaml` only). */
  readonly valuesFiles?: readonly string[];
}

export interface RenderUnit {
  /** Stable identity: `helm:<rootUri>` or `kustomize:<rootUri>`. */
  readonly id: string;
  readonly tool: UnitTool;
  /** The chart folder (holding Chart.yaml) or the kustomization's folder. */
  readonly rootUri: string;
  /** `Chart.yaml` or the kustomization file. Notes about the unit land on this file. */
  readonly fileUri: string;
  /** Chart `name` from Chart.yaml (Helm prints it in `# Source:` and errors), or the kustomization folder's name. */
  readonly name: string;
  /** Helm: release name (default: the chart name), namespace (default: kubePorts.defaultNamespace), values files (URIs). */
  readonly release?: string;
  readonly namespace?: string;
  readonly valuesFiles?: readonly string[];
  /**
   * Workspace files the render reads, as far as the core can tell from the unit's own files
   * (templates and values under the chart, the kustomization tree's resources, components,
   * patches). Their raw objects are not analysed while the unit has rendered; an edit to one
   * of them re-renders the unit.
   */
  readonly inputs: readonly string[];
  /** Folders the render reads as a whole (a chart folder): any file inside is an input. */
  readonly inputFolders: readonly string[];
  /**
   * Why the unit must not be rendered (a dependency not vendored under `charts/`, a remote
   * kustomize resource, an input outside the workspace folders, a `helmCharts` entry without the
   * setting). Reported as one information note on `fileUri` at `span`.
   */
  readonly blocked?: { readonly message: string; readonly span: Span };
}

/** What the host got from running the tool. */
export type RenderOutcome =
  | {
      readonly status: 'rendered';
      /** The tool's standard output: the rendered multi-document YAML. */
      readonly text: string;
      /**
       * Kustomize: the URI that the `config.kubernetes.io/origin` paths of the output are
       * relative to (the host renders through a wrapper kustomization with
       * `buildMetadata: [originAnnotations]` and says where that wrapper stands in workspace terms).
       */
      readonly originBase?: string;
      readonly milliseconds?: number;
    }
  | {
      /** The tool ran and failed (template error, invalid values, kustomize error). */
      readonly status: 'failed';
      /** The tool's standard error (the core finds file and line in it; see render-errors.ts). */
      readonly stderr: string;
      readonly milliseconds?: number;
    }
  | {
      /** Not run: untrusted workspace, rendering disabled, binary missing, timed out. */
      readonly status: 'not-rendered';
      readonly message: string;
    };

/** The virtual URI of a unit's rendered output (never a file on disk; never shown to the user). */
export function renderedUri(unit: Pick<RenderUnit, 'tool' | 'rootUri'>): string {
  return `kube-ports-rendered:${unit.tool}/${encodeURIComponent(unit.rootUri)}`;
}

export function isRenderedUri(uri: string): boolean {
  return uri.startsWith('kube-ports-rendered:');
}

/** One step of a key path inside a YAML document: a map key, or a sequence index with what identifies the item. */
export interface PathStep {
  readonly key: string | number;
  /** For a sequence item that is a map: its `name` (containers, ports, env) — the strategic-merge key of most lists. */
  readonly itemName?: string;
  /** For a sequence item: other identifying literals (`containerPort`, `port`, a scalar item's value). */
  readonly itemKeys?: Readonly<Record<string, string>>;
}

/** Where a span of a rendered file came from. */
export interface SourceLocation {
  readonly uri: string;
  readonly span: Span;
  /** The location is the exact field (true), or a fallback: an enclosing key, the document's first line. */
  readonly exact: boolean;
  /** Extra locations worth showing (the values-file line a `{{ .Values.x }}` reads). */
  readonly related?: readonly { readonly uri: string; readonly span: Span; readonly message: string }[];
}
