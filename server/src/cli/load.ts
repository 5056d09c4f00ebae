/**
 * Loads paths (files or folders) from disk into a Workspace for the CLI.
 */
import * as path from 'node:path';
import type { Settings } from '../core/settings';
import { Workspace } from '../core/workspace/workspace';
import { fileUri, readManifestText, walkManifestFiles } from '../host/manifest-files';
import { renderUnits, type CliRenderOptions, type CliRenderResult } from './render';

export interface Loaded {
  readonly workspace: Workspace;
  readonly files: number;
  readonly errors: string[];
  /** What rendering did (when asked to: `render` given). */
  readonly rendered?: CliRenderResult;
}

/** Reads the paths; then, with `render`, renders the Helm charts and Kustomize roots under them (cli/render.ts). */
export async function loadPaths(paths: readonly string[], settings: Settings, exclude: readonly string[] = [], render?: CliRenderOptions, cwd: string = process.cwd()): Promise<Loaded> {
  const errors: string[] = [];
  const workspace = new Workspace({ settings, onRuleError: (rule, uri, e) => errors.push(`rule ${rule} failed on ${uri}: ${String(e)}`) });
  let files = 0;
  const seen = new Set<string>();
  for (const p of paths) {
    for await (const file of walkManifestFiles(path.resolve(p), { exclude: [...exclude, ...settings.exclude], onError: (f, e) => errors.push(`cannot read ${f}: ${String(e)}`) })) {
      const uri = fileUri(file);
      if (seen.has(uri)) continue;
      seen.add(uri);
      const result = readManifestText(file, settings.maxFileSize);
      if ('text' in result) workspace.setFile(uri, result.text);
      else if (result.skipped === 'too-large') workspace.setFile(uri, '', { unreadSize: result.size ?? 0 });
      else if (result.skipped === 'unreadable') {
        errors.push(`cannot read ${file}: ${String(result.error)}`);
        continue;
      } else continue;
      files++;
    }
  }
  if (!render) return { workspace, files, errors };
  const rendered = await renderUnits(workspace, paths.map((p) => path.resolve(p)), render, cwd);
  return { workspace, files, errors, rendered };
}
