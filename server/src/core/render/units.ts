/**
 * Render units: discovery of the workspace's Helm charts and top-level Kustomize roots from the
 * workspace's own files (pure: texts in, units out; never throws).
 */
import type { Settings } from '../settings';
import type { RenderUnit } from './types';

export interface UnitDiscoveryInput {
  /** Every manifest-like file the workspace holds (YAML/JSON, incl. Chart.yaml, values files, kustomizations, templates). */
  readonly files: ReadonlyMap<string, string>; // uri -> text
  /** Other files the host found that discovery needs: `charts/*.tgz`, `templates/*.tpl`, `Kustomization` files etc. */
  readonly auxiliary: ReadonlySet<string>; // uris
  readonly folders: readonly string[]; // workspace folder uris
  readonly settings: Settings; // settings.render, settings.defaultNamespace
}

/** Every render unit of the workspace, in a stable order (by rootUri). */
export function discoverUnits(input: UnitDiscoveryInput): RenderUnit[] {
  void input;
  return [];
}

/** Files whose objects are not objects of their own even without rendering: kustomize patches, component patches (plain view, item 3). */
export function kustomizePatchFiles(input: UnitDiscoveryInput): Set<string> {
  void input;
  return new Set();
}
