/**
 * Settings as the core sees them. `normalizeSettings` accepts anything (a user's settings.json
 * may hold any value) and never throws.
 */
import { parsePortRange } from './model/ports';
import type { HelmReleaseSettings } from './render/types';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type RuleLevel = Severity | 'off';

export interface Settings {
  readonly defaultNamespace: string;
  readonly nodePortRange: { readonly min: number; readonly max: number };
  readonly clusterDomain: string;
  /** Per-rule severity overrides, or 'off'. */
  readonly rules: Readonly<Record<string, RuleLevel>>;
  /** Files larger than this (in characters) are skipped with a note. */
  readonly maxFileSize: number;
  /** Show one information note on files that were skipped (Helm templates, YAML errors). */
  readonly skippedFileNotes: boolean;
  /** Glob patterns (relative to a workspace folder) of files to ignore. */
  readonly exclude: readonly string[];
  readonly codeLens: boolean;
  readonly inlayHints: boolean;
  /** Rendering of Helm charts and Kustomize roots (the core's part: which units, with which release). */
  readonly render: RenderSettings;
}

export interface RenderSettings {
  /** `kubePorts.render.enabled`: render units at all (the host also needs a trusted workspace and the binaries). */
  readonly enabled: boolean;
  /** `kubePorts.helm.releases`: chart path (relative to its workspace folder) → release name, namespace, values files. */
  readonly helmReleases: Readonly<Record<string, HelmReleaseSettings>>;
  /** `kubePorts.kustomize.enableHelm`: kustomizations with `helmCharts` may render (only with the chart already in `helmGlobals.chartHome`). */
  readonly kustomizeHelm: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  defaultNamespace: 'default',
  nodePortRange: { min: 30000, max: 32767 },
  clusterDomain: 'cluster.local',
  rules: {},
  maxFileSize: 4 * 1024 * 1024,
  skippedFileNotes: true,
  exclude: [],
  codeLens: true,
  inlayHints: true,
  render: { enabled: true, helmReleases: {}, kustomizeHelm: false },
};

const LEVELS: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads the `kubePorts` settings section (any shape) into Settings. */
export function normalizeSettings(raw: unknown): Settings {
  const s = isRecord(raw) ? raw : {};
  const str = (v: unknown, d: string) => (typeof v === 'string' && v.trim() ? v.trim() : d);
  const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
  const rules: Record<string, RuleLevel> = {};
  if (isRecord(s.rules)) {
    for (const [k, v] of Object.entries(s.rules)) {
      const level = v === 'info' ? 'information' : v;
      if (typeof level === 'string' && LEVELS.includes(level)) rules[k] = level as RuleLevel;
      else if (level === false) rules[k] = 'off';
    }
  }
  const exclude = Array.isArray(s.exclude) ? s.exclude.filter((x): x is string => typeof x === 'string') : [];
  const maxFileSize = typeof s.maxFileSize === 'number' && s.maxFileSize > 0 ? s.maxFileSize : DEFAULT_SETTINGS.maxFileSize;
  const codeLens = isRecord(s.codeLens) ? s.codeLens.enabled : s.codeLens;
  const inlayHints = isRecord(s.inlayHints) ? s.inlayHints.enabled : s.inlayHints;
  return {
    defaultNamespace: str(s.defaultNamespace, DEFAULT_SETTINGS.defaultNamespace),
    nodePortRange: parsePortRange(typeof s.nodePortRange === 'string' ? s.nodePortRange : undefined),
    clusterDomain: str(s.clusterDomain, DEFAULT_SETTINGS.clusterDomain).replace(/\.$/, ''),
    rules,
    maxFileSize,
    skippedFileNotes: bool(s.skippedFileNotes, DEFAULT_SETTINGS.skippedFileNotes),
    exclude,
    codeLens: bool(codeLens, DEFAULT_SETTINGS.codeLens),
    inlayHints: bool(inlayHints, DEFAULT_SETTINGS.inlayHints),
    render: normalizeRenderSettings(s),
  };
}

function normalizeRenderSettings(s: Record<string, unknown>): RenderSettings {
  const render = isRecord(s.render) ? s.render : {};
  const helm = isRecord(s.helm) ? s.helm : {};
  const kustomize = isRecord(s.kustomize) ? s.kustomize : {};
  const helmReleases: Record<string, HelmReleaseSettings> = {};
  if (isRecord(helm.releases)) {
    for (const [chart, raw] of Object.entries(helm.releases)) {
      if (!isRecord(raw)) continue;
      const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
      const releaseName = text(raw.releaseName) ?? text(raw.name);
      const namespace = text(raw.namespace);
      const values = Array.isArray(raw.valuesFiles) ? raw.valuesFiles : Array.isArray(raw.values) ? raw.values : undefined;
      const valuesFiles = values?.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
      helmReleases[chart.replace(/^\.\//, '').replace(/\/$/, '')] = {
        ...(releaseName ? { releaseName } : {}),
        ...(namespace ? { namespace } : {}),
        ...(valuesFiles ? { valuesFiles } : {}),
      };
    }
  }
  return {
    enabled: typeof render.enabled === 'boolean' ? render.enabled : DEFAULT_SETTINGS.render.enabled,
    helmReleases,
    kustomizeHelm: typeof kustomize.enableHelm === 'boolean' ? kustomize.enableHelm : DEFAULT_SETTINGS.render.kustomizeHelm,
  };
}
