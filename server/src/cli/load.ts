/**
 * Loads paths (files or folders, or `-` for standard input) from disk into a Workspace for the CLI.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Settings } from '../core/settings';
import { Workspace } from '../core/workspace/workspace';
import { fileUri, readManifestText, walkManifestFiles } from '../host/manifest-files';
import { ModelCache, settingsHash } from '../host/model-cache';
import { SERVER_VERSION } from '../lsp/version';
import { renderUnits, type CliRenderOptions, type CliRenderResult } from './render';

/** The path argument that means standard input (`helm template x | kube-ports check -`). */
export const STDIN_PATH = '-';
/** The URI standard input's text is analysed under; locations show it as `<stdin>`. */
export const STDIN_URI = 'kube-ports-stdin:///%3Cstdin%3E';
export const STDIN_NAME = '<stdin>';

export interface Loaded {
  readonly workspace: Workspace;
  readonly files: number;
  readonly errors: string[];
  /** Named paths that could not be read at all (a typo in a CI script): the CLI exits 2. */
  readonly unreadable: readonly string[];
  /**
   * Files that are Kubernetes manifests: they hold an object, or are a Helm chart's `Chart.yaml`
   * or template (rendered or not). None under the paths: the CLI exits 2 unless `--allow-empty`.
   */
  readonly manifests: number;
  /** What rendering did (when asked to: `render` given). */
  readonly rendered?: CliRenderResult;
  /** With `--cache DIR`: writes the warm-start cache (call it once the findings are computed). */
  readonly saveCache?: () => Promise<void>;
}

export interface LoadOptions {
  /** Render the Helm charts and Kustomize roots under the paths (cli/render.ts). */
  readonly render?: CliRenderOptions | undefined;
  readonly cwd?: string;
  readonly exclude?: readonly string[];
  /** Reads all of standard input (for the path `-`). */
  readonly readStdin?: () => Promise<string>;
}

export async function loadPaths(paths: readonly string[], settings: Settings, options: LoadOptions = {}): Promise<Loaded> {
  const errors: string[] = [];
  const unreadable: string[] = [];
  const workspace = new Workspace({ settings, onRuleError: (rule, uri, e) => errors.push(`rule ${rule} failed on ${uri}: ${String(e)}`) });
  let files = 0;
  let manifests = 0;
  const seen = new Set<string>();
  const { cache, warm, save } = warmStart(workspace, paths, settings, options);
  const counted = (uri: string, file: string) => {
    files++;
    const parsed = workspace.parsed(uri);
    if ((parsed?.objects.length ?? 0) > 0 || path.basename(file) === 'Chart.yaml' || parsed?.notes.some((n) => n.code === 'helm-template' || n.code === 'file-too-large')) manifests++;
  };
  // Units are discovered once the files are in, not again for every Chart.yaml or kustomization read.
  const resumeUnits = workspace.deferUnits();
  const endBulkLoad = workspace.beginBulkLoad();
  try {
    await readPaths();
  } finally {
    endBulkLoad();
    resumeUnits();
  }
  async function readPaths(): Promise<void> {
    for (const p of paths) {
      if (p === STDIN_PATH) {
        if (seen.has(STDIN_URI)) continue;
        seen.add(STDIN_URI);
        if (!options.readStdin) {
          unreadable.push(STDIN_NAME);
          errors.push('cannot read standard input');
          continue;
        }
        try {
          workspace.setFile(STDIN_URI, await options.readStdin());
          counted(STDIN_URI, STDIN_NAME);
        } catch (error) {
          unreadable.push(STDIN_NAME);
          errors.push(`cannot read standard input: ${String(error)}`);
        }
        continue;
      }
      const root = path.resolve(p);
      try {
        await fs.stat(root);
      } catch (error) {
        unreadable.push(p);
        errors.push(`cannot read ${p}: ${String(error)}`);
        continue;
      }
      const onError = (f: string, e: unknown) => {
        if (f === root) unreadable.push(p);
        errors.push(`cannot read ${f}: ${String(e)}`);
      };
      for await (const file of walkManifestFiles(root, { exclude: [...(options.exclude ?? []), ...settings.exclude], onError })) {
        const uri = fileUri(file);
        if (seen.has(uri)) continue;
        seen.add(uri);
        const check = warm?.check(uri, file, () => readManifestText(file, settings.maxFileSize));
        if (check?.unchanged) {
          counted(uri, file);
          continue;
        }
        const result = check?.read ?? readManifestText(file, settings.maxFileSize);
        cache?.record(uri, result);
        if ('text' in result) workspace.setFile(uri, result.text);
        else if (result.skipped === 'too-large') workspace.setFile(uri, '', { unreadSize: result.size ?? 0 });
        else if (result.skipped === 'unreadable') {
          if (file === root) unreadable.push(p);
          errors.push(`cannot read ${file}: ${String(result.error)}`);
          continue;
        } else continue;
        counted(uri, file);
      }
    }
    // Cached files no longer under the paths (deleted, excluded): gone, with what depended on them re-analysed.
    if (warm) for (const uri of workspace.uris()) if (!seen.has(uri)) workspace.removeFile(uri);
  }
  const saveCache = save ? { saveCache: save } : {};
  if (!options.render) return { workspace, files, errors, unreadable, manifests, ...saveCache };
  const folders = paths.filter((p) => p !== STDIN_PATH).map((p) => path.resolve(p));
  const rendered = await renderUnits(workspace, folders, options.render, options.cwd ?? process.cwd());
  return { workspace, files, errors, unreadable, manifests, rendered, ...saveCache };
}

/** `--cache DIR`: the model cache in `DIR/model/` (the render cache is `DIR/render/`), restored into the workspace before the walk. */
function warmStart(workspace: Workspace, paths: readonly string[], settings: Settings, options: LoadOptions) {
  const dir = options.render?.cacheDir;
  if (dir === undefined) return {};
  const folders = paths.filter((p) => p !== STDIN_PATH).map((p) => fileUri(path.resolve(options.cwd ?? process.cwd(), p)));
  const cache = new ModelCache(path.join(path.resolve(options.cwd ?? process.cwd(), dir), 'model'), { version: SERVER_VERSION, folders });
  const hash = settingsHash(settings, options.exclude ?? []);
  const warm = cache.restore(workspace, hash, new Map());
  return { cache, warm, save: () => cache.save(workspace, hash) };
}
