/**
 * Finds the manifest files under a folder on disk: *.yaml, *.yml and *.json, minus .git,
 * node_modules and the user's excludes. Symbolic links are followed only when they stay inside
 * the folder (and each real directory is walked once, so link loops end). Used by the language
 * server and by the CLI; the pure core never sees the file system.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, promises as fs, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { minimatch } from 'minimatch';

export const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
const ALWAYS_SKIPPED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface WalkOptions {
  /** Glob patterns relative to the root (`files.exclude` style: `**\/charts/**`). */
  readonly exclude?: readonly string[];
  /** Called for each directory or file that could not be read. */
  readonly onError?: (filePath: string, error: unknown) => void;
  /** Which file names to yield (default: manifests, `MANIFEST_EXTENSIONS`). */
  readonly match?: { test(name: string): boolean };
}

export function isExcluded(relativePath: string, patterns: readonly string[]): boolean {
  const p = relativePath.split(path.sep).join('/');
  return patterns.some((g) => minimatch(p, g, { dot: true }) || minimatch(p, g.replace(/\/\*\*$/, ''), { dot: true }));
}

/** Yields the absolute paths of manifest files under `root` (a file or a directory). */
export async function* walkManifestFiles(root: string, options: WalkOptions = {}): AsyncGenerator<string> {
  const exclude = options.exclude ?? [];
  const match = options.match ?? MANIFEST_EXTENSIONS;
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
  } catch (error) {
    options.onError?.(root, error);
    return;
  }
  const rootStat = await fs.stat(realRoot).catch(() => undefined);
  if (rootStat?.isFile()) {
    if (options.match === undefined || options.match.test(path.basename(root))) yield root;
    return;
  }
  const visited = new Set<string>([realRoot]);
  // Each directory with its real path: a plain subdirectory's real path is its parent's plus its
  // name, so only symbolic links cost a realpath call.
  const stack: { dir: string; real: string }[] = [{ dir: root, real: realRoot }];
  while (stack.length > 0) {
    const { dir, real: dirReal } = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      options.onError?.(dir, error);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full);
      if (isExcluded(rel, exclude)) continue;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let real = dirReal + path.sep + entry.name;
      if (entry.isSymbolicLink()) {
        const target = await fs.realpath(full).catch(() => undefined);
        if (!target || !(target === realRoot || target.startsWith(realRoot + path.sep))) continue;
        const st = await fs.stat(target).catch(() => undefined);
        if (!st) continue;
        isDir = st.isDirectory();
        isFile = st.isFile();
        real = target;
      }
      if (isDir) {
        if (visited.has(real)) continue;
        visited.add(real);
      }
      if (isDir) {
        if (!ALWAYS_SKIPPED_DIRS.has(entry.name)) stack.push({ dir: full, real });
      } else if (isFile && match.test(entry.name)) {
        yield full;
      }
    }
  }
}

export type ReadResult =
  /** `size` and `mtimeMs`: the file's, as it was read (the warm-start cache keys files by them). */
  | { text: string; size?: number; mtimeMs?: number }
  | { skipped: 'too-large' | 'not-manifest' | 'unreadable' | 'outside-folder'; size?: number; error?: unknown };

/**
 * Text of a file, or why it was not read. Never throws, never blocks: only regular files are read
 * (a FIFO, socket or device named *.yaml is opened non-blocking and refused), files over
 * `maxFileSize` are not read at all, and with `within`, a path whose real location (symbolic links
 * resolved) is outside that folder is refused. JSON files that are not manifests are skipped
 * past a quick check.
 *
 * Synchronous on purpose: the server reads the files the walk found (already inside the folder:
 * no `within`) in small batches between yields to the event loop, which costs far less than a
 * promise round trip per system call; and one file on a file event or editor close, so that the
 * model has changed before the next message is handled (LSP messages are ordered).
 */
export function readManifestText(filePath: string, maxFileSize: number, within?: string): ReadResult {
  let fd: number | undefined;
  try {
    if (within !== undefined) {
      const real = realpathSync(filePath);
      const realFolder = realpathSync(within);
      if (!(real === realFolder || real.startsWith(realFolder.endsWith(path.sep) ? realFolder : realFolder + path.sep))) return { skipped: 'outside-folder' };
    }
    fd = openSync(filePath, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) return { skipped: 'unreadable', error: new Error('not a regular file') };
    if (st.size > maxFileSize) return { skipped: 'too-large', size: st.size };
    const text = decodeText(readFileSync(fd));
    if (/\.json$/i.test(filePath) && !(text.includes('"apiVersion"') && text.includes('"kind"'))) return { skipped: 'not-manifest' };
    return { text, size: st.size, mtimeMs: st.mtimeMs };
  } catch (error) {
    return { skipped: 'unreadable', error };
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
  }
}

/** UTF-8 (with or without BOM), or UTF-16 with a BOM. Invalid UTF-8 becomes U+FFFD, never an exception. */
export function decodeText(buffer: Uint8Array): string {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return new TextDecoder('utf-16le').decode(buffer.subarray(2));
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) return new TextDecoder('utf-16be').decode(buffer.subarray(2));
  return new TextDecoder('utf-8').decode(buffer);
}

/**
 * Characters that `pathToFileURL` leaves as they are in a POSIX path (letters, digits and the
 * path-safe punctuation below; test/unit/host/model-cache.test.ts compares every ASCII character).
 */
const PLAIN_PATH = /^\/[A-Za-z0-9/._!$&'()*+,;=:@-]*$/;

/**
 * The `file:` URI of a path, as `pathToFileURL` makes it. A plain absolute POSIX path is its URI
 * after `file://`, built without `URL` (a cold start converts every file's path: `pathToFileURL`
 * took 17 µs a path, ~50 ms of the main thread at 10,000 documents).
 */
export function fileUri(filePath: string): string {
  if (process.platform === 'win32') return pathToFileURL(path.resolve(filePath)).href;
  // A plain path without empty or dot segments is resolved already (the walk's paths are).
  if (PLAIN_PATH.test(filePath) && !NOT_RESOLVED.test(filePath)) return `file://${filePath}`;
  const resolved = path.resolve(filePath);
  return PLAIN_PATH.test(resolved) ? `file://${resolved}` : pathToFileURL(resolved).href;
}

/** An empty segment, a `.` or `..` segment, or a trailing slash: `path.resolve` would change the path. */
const NOT_RESOLVED = /\/\/|\/\.\.?(?:\/|$)|\/$/;

/** A plain `file:///…` URI (no escapes, query or fragment) is its path on POSIX. */
const PLAIN_FILE_URI = /^file:\/\/\/[^%?#\\\u0000-\u001f]*$/;

/** The path of a `file:` URI (`fileURLToPath`, without parsing a URL for the plain ones: a warm start converts thousands). */
export function filePath(uri: string): string {
  return process.platform !== 'win32' && PLAIN_FILE_URI.test(uri) ? uri.slice('file://'.length) : fileURLToPath(uri);
}
