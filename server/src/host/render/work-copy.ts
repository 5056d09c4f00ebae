/**
 * The temporary copy a unit renders from: its inputs (`unit.inputs`, every file under
 * `unit.inputFolders`, its values files) read from disk — or from the editor when the file is
 * open, so unsaved text counts — and written under a fresh temp folder at the same absolute
 * paths (so every relative path between them, `../base`, `charts/x`, is the same as in the
 * workspace). Nothing outside the workspace folders is read: an input that is (or links) outside
 * them makes the copy fail, and links inside a folder are followed only when they stay inside.
 *
 * Collecting and writing are separate steps: the inputs' hash (the cache key) is known before
 * anything is written, so a cached unit costs a read of its inputs and nothing more.
 *
 * The language server keeps one copy per unit between renders (`KeptWorkCopy`): a render after
 * an edit writes only the files whose bytes changed and deletes the ones that are gone, instead
 * of writing and removing the whole tree each time (on a 2-core machine that file I/O took CPU
 * from the main thread while the user typed). The CLI renders each unit once, from a fresh copy.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RenderUnit } from '../../core/render/types';
import { fileUri } from '../manifest-files';

/** Open editors' text by absolute file path (unsaved edits win over the disk). */
export interface Overlay {
  get(filePath: string): string | undefined;
  /** Every open file (so an unsaved new file inside a chart counts too). */
  paths(): Iterable<string>;
}

export const NO_OVERLAY: Overlay = { get: () => undefined, paths: () => [] };

export interface CollectOptions {
  readonly unit: RenderUnit;
  /** Workspace folder URIs: nothing outside them is read. */
  readonly folders: readonly string[];
  readonly overlay?: Overlay;
  /** The copy stops (and the unit is not rendered) beyond this many bytes (default 64 MiB). */
  readonly maxBytes?: number;
  /** … or this many files (default 20,000). */
  readonly maxFiles?: number;
}

export type Collected =
  | {
      readonly files: ReadonlyMap<string, Buffer>;
      /** Each file's SHA-256 (hex): the digest is made of them, and a kept copy compares them. */
      readonly hashes: ReadonlyMap<string, string>;
      readonly digest: string;
    }
  | { readonly problem: string };

const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

function toPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function inside(p: string, folder: string): boolean {
  return p === folder || p.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

function realOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Whether `collectInputs` can take this path's text from the overlay: a file inside one of the
 * unit's input folders, or one it names (its own file, an input, a values file). Only those open
 * files need to travel to the render worker.
 */
export function overlayCandidate(unit: RenderUnit): (filePath: string) => boolean {
  const folders = unit.inputFolders.map(toPath).filter((p): p is string => p !== undefined);
  const named = new Set([unit.fileUri, ...unit.inputs, ...(unit.valuesFiles ?? [])].map(toPath).filter((p): p is string => p !== undefined));
  return (p) => named.has(p) || folders.some((f) => inside(p, f));
}

/** Reads the unit's inputs (never throws): file path → bytes, and a digest of them all. */
export function collectInputs(options: CollectOptions): Collected {
  const { unit } = options;
  const overlay = options.overlay ?? NO_OVERLAY;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const maxFiles = options.maxFiles ?? 20_000;
  const folders = options.folders.map(toPath).filter((p): p is string => p !== undefined);
  const realFolders = folders.map((f) => realOrUndefined(f) ?? f);
  const files = new Map<string, Buffer>();
  let bytes = 0;
  let problem: string | undefined;

  const within = (p: string) => folders.some((f) => inside(p, f));
  const realWithin = (real: string) => realFolders.some((f) => inside(real, f));

  const add = (file: string, data: Buffer) => {
    if (files.has(file)) return;
    bytes += data.length;
    if (bytes > maxBytes) problem ??= `its inputs are larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`;
    if (files.size >= maxFiles) problem ??= `it has more than ${maxFiles} input files`;
    files.set(file, data);
  };

  const addFile = (file: string, required: boolean) => {
    if (problem || files.has(file)) return;
    if (!within(file)) {
      problem = `${file} is outside the workspace folders`;
      return;
    }
    const open = overlay.get(file);
    if (open !== undefined) {
      add(file, Buffer.from(open, 'utf8'));
      return;
    }
    const real = realOrUndefined(file);
    if (!real) {
      if (required) problem = `${file} does not exist`;
      return;
    }
    if (!realWithin(real)) {
      problem = `${file} links to ${real}, outside the workspace folders`;
      return;
    }
    try {
      const st = statSync(real);
      if (!st.isFile()) {
        if (required && !st.isDirectory()) problem = `${file} is not a regular file`;
        return;
      }
      if (st.size > maxBytes) {
        problem = `${file} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`;
        return;
      }
      add(file, readFileSync(real));
    } catch (error) {
      if (required) problem = `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  const addFolder = (folder: string) => {
    if (!within(folder)) {
      problem ??= `${folder} is outside the workspace folders`;
      return;
    }
    const seen = new Set<string>();
    const walk = (dir: string) => {
      if (problem) return;
      const real = realOrUndefined(dir);
      if (!real || !realWithin(real) || seen.has(real)) return;
      seen.add(real);
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIPPED_DIRS.has(e.name)) walk(full);
        } else if (e.isFile()) addFile(full, false);
        else if (e.isSymbolicLink()) {
          const target = realOrUndefined(full);
          if (!target || !realWithin(target)) continue;
          try {
            if (statSync(target).isDirectory()) walk(full);
            else addFile(full, false);
          } catch {
            // vanished
          }
        }
      }
    };
    walk(folder);
    // Unsaved new files inside the folder.
    for (const open of overlay.paths()) if (inside(open, folder) && !path.relative(folder, open).split(path.sep).some((s) => SKIPPED_DIRS.has(s))) addFile(open, false);
  };

  for (const uri of unit.inputFolders) {
    const p = toPath(uri);
    if (!p) return { problem: `${uri} is not a file on disk` };
    addFolder(p);
  }
  for (const uri of [unit.fileUri, ...unit.inputs, ...(unit.valuesFiles ?? [])]) {
    const p = toPath(uri);
    if (!p) return { problem: `${uri} is not a file on disk` };
    // Values files may be missing (a chart needs no values.yaml); the renderer decides.
    addFile(p, uri === unit.fileUri);
  }
  if (problem) return { problem };
  const hashes = new Map<string, string>();
  const hash = createHash('sha256');
  for (const file of [...files.keys()].sort()) {
    const data = files.get(file)!;
    const own = createHash('sha256').update(data).digest('hex');
    hashes.set(file, own);
    hash.update(`${file}\0${data.length}\0${own}\0`);
  }
  return { files, hashes, digest: hash.digest('hex') };
}

/** Where an absolute workspace path lies in a copy rooted at `root` (the same path under it). */
export function mirrored(root: string, filePath: string): string {
  const parsed = path.parse(path.resolve(filePath));
  const drive = parsed.root.replace(/[:\\/]+/g, '');
  return path.join(root, 'fs', drive, path.resolve(filePath).slice(parsed.root.length));
}

export interface WorkCopy {
  /** The temp folder (removed by `dispose`). */
  readonly dir: string;
  /** A workspace path's place in the copy. */
  at(filePath: string): string;
  dispose(): void;
}

export const WRAPPER_DIR = '.kube-ports-render';

/** Writes the collected files into a fresh temp folder. Throws only when the temp folder cannot be written. */
export function writeWorkCopy(files: ReadonlyMap<string, Buffer>, tempParent: string = tmpdir()): WorkCopy {
  const dir = mkdtempSync(path.join(tempParent, 'kube-ports-render-'));
  const copy: WorkCopy = {
    dir,
    at: (p) => mirrored(dir, p),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
  try {
    for (const [file, data] of files) {
      const target = copy.at(file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
  } catch (error) {
    copy.dispose();
    throw error;
  }
  return copy;
}

/** What a kept copy wrote for one input: its hash, and the written file's stat (to notice a change behind its back). */
interface Written {
  readonly hash: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/**
 * A unit's copy kept between renders. `update` makes it hold exactly the collected files: it
 * writes the new and changed ones (by hash), deletes the ones no longer collected (and the
 * folders that leaves empty), and rewrites any file whose copy is not as it was written (a file
 * removed or changed in the temp folder by someone else). So after `update` the tree equals a
 * fresh `writeWorkCopy` of the same files, apart from what `writeKustomizeWrapper` adds.
 */
export class KeptWorkCopy implements WorkCopy {
  readonly dir: string;
  private readonly written = new Map<string, Written>();

  /** Creates the temp folder under `tempParent`. Throws when it cannot. */
  constructor(tempParent: string = tmpdir()) {
    this.dir = mkdtempSync(path.join(tempParent, 'kube-ports-render-'));
  }

  at(filePath: string): string {
    return mirrored(this.dir, filePath);
  }

  /** Brings the copy up to date; returns how many files it wrote. Throws when a write fails (the caller disposes the copy). */
  update(collected: { readonly files: ReadonlyMap<string, Buffer>; readonly hashes: ReadonlyMap<string, string> }): number {
    for (const file of [...this.written.keys()]) {
      if (collected.files.has(file)) continue;
      this.written.delete(file);
      const target = this.at(file);
      try {
        unlinkSync(target);
      } catch {
        // already gone
      }
      this.removeEmptyFolders(path.dirname(target));
    }
    let writes = 0;
    for (const [file, data] of collected.files) {
      const hash = collected.hashes.get(file) ?? createHash('sha256').update(data).digest('hex');
      const target = this.at(file);
      const before = this.written.get(file);
      if (before && before.hash === hash && this.unchanged(target, before)) continue;
      // Unknown until written again: a failed write must not leave the old record behind.
      this.written.delete(file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, data);
      const st = lstatSync(target);
      this.written.set(file, { hash, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
      writes++;
    }
    return writes;
  }

  private unchanged(target: string, was: Written): boolean {
    try {
      const st = lstatSync(target);
      return st.isFile() && st.size === was.size && st.mtimeMs === was.mtimeMs && st.ino === was.ino;
    } catch {
      return false;
    }
  }

  /** Removes `dir` and its parents while they are empty, never the copy's own folder. */
  private removeEmptyFolders(dir: string): void {
    const root = path.join(this.dir, 'fs');
    for (let d = dir; d.startsWith(root + path.sep); d = path.dirname(d)) {
      try {
        rmdirSync(d);
      } catch {
        return; // not empty (or gone)
      }
    }
  }

  dispose(): void {
    this.written.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Kustomize: a wrapper kustomization beside the unit's folder in the copy, which includes the
 * unit and asks for origin annotations (`buildMetadata: [originAnnotations]`), so each rendered
 * object names the file it came from. Returns the folder to build and `originBase`: the URI the
 * wrapper folder would have in the workspace, which the origin paths are relative to.
 */
export function writeKustomizeWrapper(copy: WorkCopy, unitRootPath: string): { buildDir: string; originBase: string } {
  const parent = path.dirname(unitRootPath);
  const workspaceWrapper = path.join(parent, WRAPPER_DIR);
  const buildDir = copy.at(workspaceWrapper);
  const relative = path.relative(workspaceWrapper, unitRootPath).split(path.sep).join('/') || '.';
  const text = `# Written by kube-ports in a temporary copy: renders the unit with origin annotations.\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${JSON.stringify(relative)}\nbuildMetadata: [originAnnotations]\n`;
  const file = path.join(buildDir, 'kustomization.yaml');
  if (readOrUndefined(file) !== text) {
    mkdirSync(buildDir, { recursive: true });
    writeFileSync(file, text);
  }
  return { buildDir, originBase: fileUri(workspaceWrapper) };
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
