/**
 * The CLI's rendering: the same host modules as the language server (host/render/), run once
 * over the units of the paths given. The CLI's user runs it on purpose, so the workspace counts
 * as trusted; a unit the core marks `blocked` (remote content, unvendored dependency, input
 * outside the paths) still never runs. A missing binary makes the run fail (exit 2) unless
 * `--no-render` says the plain view is wanted, so a CI job without helm cannot pass silently.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderedUri, type RenderUnit } from '../core/render/types';
import { isTextInput } from '../core/render/units';
import type { Settings } from '../core/settings';
import type { Workspace } from '../core/workspace/workspace';
import { fileUri, readManifestText, walkManifestFiles } from '../host/manifest-files';
import { UnitRenderer } from '../host/render/renderer';
import { RenderScheduler } from '../host/render/scheduler';
import type { RenderResult } from '../host/render/renderer';
import type { RenderHostSettings } from '../host/render/tools';

export interface CliRenderOptions {
  /** `--no-render`: analyse charts and kustomizations as plain files. */
  readonly render: boolean;
  /** `--cache DIR`: keep render results (`DIR/render/`) and the parsed model with its findings (`DIR/model/`) on disk between runs. */
  readonly cacheDir?: string;
  /** `--release-name`, `--namespace`, `--helm-values` (paths relative to the current folder): for the one chart checked. */
  readonly releaseName?: string;
  readonly namespace?: string;
  readonly helmValues?: readonly string[];
  readonly host: RenderHostSettings;
}

export interface UnitReport {
  readonly unit: string;
  readonly tool: string;
  readonly root: string;
  readonly status: 'rendered' | 'failed' | 'not-rendered' | 'blocked' | 'skipped';
  readonly milliseconds?: number;
  readonly objects?: number;
  /** The result came from the `--cache` folder (nothing ran). */
  readonly cached?: boolean;
  readonly message?: string;
}

export interface CliRenderResult {
  readonly units: readonly UnitReport[];
  /** A binary is missing (and `--no-render` was not given): the message, and exit code 2. */
  readonly missing: readonly string[];
  /** A usage problem with the chart flags. */
  readonly usage?: string;
}

const AUXILIARY = /(\.(tgz|tpl)|^Kustomization)$/;

export async function renderUnits(workspace: Workspace, roots: readonly string[], options: CliRenderOptions, cwd: string): Promise<CliRenderResult> {
  // The folders, the `Kustomization` files and the auxiliary files each change the units: discovered once, at the end.
  const resumeUnits = workspace.deferUnits();
  try {
    workspace.setFolders(roots.map((r) => fileUri(r)));
    const auxiliary: string[] = [];
    for (const root of roots) {
      for await (const file of walkManifestFiles(root, { exclude: workspace.settings.exclude, match: AUXILIARY })) {
        const uri = fileUri(file);
        auxiliary.push(uri);
        // Kustomization files (no extension) and `.tpl` helpers (text the origin map reads; findings land there).
        if (path.basename(file) === 'Kustomization' || isTextInput(uri)) {
          const read = readManifestText(file, workspace.settings.maxFileSize);
          if ('text' in read) workspace.setFile(uri, read.text);
        }
      }
    }
    workspace.setAuxiliaryFiles(auxiliary);
  } finally {
    resumeUnits();
  }

  const chartFlags = options.releaseName !== undefined || options.namespace !== undefined || (options.helmValues?.length ?? 0) > 0;
  if (chartFlags) {
    const charts = workspace.units().filter((u) => u.tool === 'helm');
    if (charts.length !== 1) {
      return {
        units: [],
        missing: [],
        usage: `--release-name, --namespace and --helm-values apply to one chart; ${charts.length === 0 ? 'no chart was found' : `${charts.length} charts were found (${charts.map((c) => c.name).join(', ')})`} under the paths given`,
      };
    }
    const chart = charts[0]!;
    workspace.setSettings(withRelease(workspace.settings, chart, roots, options, cwd));
  }

  const units = workspace.units();
  if (!options.render) return { units: units.map((u) => ({ unit: u.name, tool: u.tool, root: u.rootUri, status: 'skipped' })), missing: [] };

  const renderer = new UnitRenderer({ ...(options.cacheDir ? { cacheDir: path.join(path.resolve(cwd, options.cacheDir), 'render') } : {}) });
  const results = new Map<string, RenderResult>();
  const scheduler = new RenderScheduler<RenderUnit>({
    idOf: (u) => u.id,
    concurrency: 2,
    render: (unit, signal) => renderer.render({ unit, folders: roots.map((r) => fileUri(r)), signal, hostSettings: options.host, settings: workspace.settings }),
    done: (unit, result) => results.set(unit.id, result as RenderResult),
    onError: (unit, error) => results.set(unit.id, { outcome: { status: 'not-rendered', message: `${unit.name} is not rendered: ${String(error)}` } }),
  });
  try {
    for (const unit of units) if (!unit.blocked) scheduler.request(unit);
    await scheduler.idle();
  } finally {
    scheduler.dispose();
    renderer.dispose();
  }

  const missing = new Set<string>();
  const reports: UnitReport[] = [];
  for (const unit of units) {
    const base = { unit: unit.name, tool: unit.tool, root: unit.rootUri };
    if (unit.blocked) {
      reports.push({ ...base, status: 'blocked', message: unit.blocked.message });
      continue;
    }
    const result = results.get(unit.id);
    const outcome = result?.outcome ?? { status: 'not-rendered' as const, message: `${unit.name} is not rendered.` };
    if (result?.missingTool) missing.add(forCli(result.missingTool));
    workspace.setRenderOutcome(unit.id, outcome);
    const ms = outcome.status !== 'not-rendered' ? outcome.milliseconds : undefined;
    reports.push({
      ...base,
      status: outcome.status,
      ...(ms !== undefined ? { milliseconds: ms } : {}),
      ...(result?.fromCache ? { cached: true } : {}),
      ...(outcome.status === 'rendered' ? { objects: workspace.objectsOf(renderedUri(unit)).length } : {}),
      ...(outcome.status === 'not-rendered' ? { message: outcome.message } : {}),
    });
  }
  return { units: reports, missing: [...missing] };
}

/** The editor's wording of a missing binary, with the CLI's flags instead of the settings. */
function forCli(message: string): string {
  return message
    .replace(/set `kubePorts\.helm\.path` to its absolute path/g, 'pass `--helm <path>`')
    .replace(/set `kubePorts\.kustomize\.path` to the absolute path of `kustomize` or `kubectl`/g, 'pass `--kustomize <path>` (kustomize or kubectl)')
    .replace(/`kubePorts\.(helm|kustomize)\.path`/g, '`--$1`');
}

/** The chart flags as the chart's `kubePorts.helm.releases` entry (values files relative to the chart). */
function withRelease(settings: Settings, chart: RenderUnit, roots: readonly string[], options: CliRenderOptions, cwd: string): Settings {
  const chartDir = path.resolve(fileURLToPath(chart.rootUri));
  const folder = roots.filter((r) => chartDir === r || chartDir.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0] ?? chartDir;
  const key = path.relative(folder, chartDir).split(path.sep).join('/') || '.';
  const existing = settings.render.helmReleases[key] ?? {};
  const values = options.helmValues?.map((v) => path.relative(chartDir, path.resolve(cwd, v)).split(path.sep).join('/'));
  return {
    ...settings,
    render: {
      ...settings.render,
      helmReleases: {
        ...settings.render.helmReleases,
        [key]: {
          ...existing,
          ...(options.releaseName !== undefined ? { releaseName: options.releaseName } : {}),
          ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
          ...(values?.length ? { valuesFiles: values } : {}),
        },
      },
    },
  };
}
