/**
 * The server bundle's V8 code cache: `dist/server.js` (main.ts) compiles and runs
 * `dist/server-main.js` through `vm.Script`, with the bytecode V8 made of it in an earlier run
 * when a valid cache file is there, so that the start compiles next to nothing (the top-level
 * compile of the 1.6 MB bundle and the lazy compiles of every function the start calls).
 *
 * Where: the folder `KUBE_PORTS_CODE_CACHE` names (the VS Code client sets it to a folder of the
 * extension's global storage); unset or empty, no cache is read or written (the bundle is
 * compiled as without one).
 *
 * The file: a first line `kube-ports-code-cache 1`, a second line of JSON (the key and the
 * payload's size and SHA-256), then V8's bytes. The key binds the bytes to what V8 made them
 * for: node and V8 versions, platform and architecture, the V8 flags and node's `execArgv` (V8
 * rejects a cache made under other flags), and the bundle's SHA-256 (V8 itself only compares the
 * source's length). The file is read once; anything that does not match (another key, a wrong
 * size or checksum, an unreadable file) is ignored before V8 sees it, and V8's own check may still
 * reject the rest: both compile the bundle as without a cache and replace the file.
 *
 * Made once: after the initial indexing (`save`, run by the server in the background), so that the
 * functions compiled lazily during the start are in it; not again when the cache was accepted. Written
 * to a temporary file and renamed (a reader never sees half a file; concurrent servers each write
 * a whole one). Nothing here throws: a cache that cannot be read or written is logged and skipped.
 *
 * Only node: modules (this runs before the server's bundle is loaded).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

export const CODE_CACHE_ENV = 'KUBE_PORTS_CODE_CACHE';
/** The cache file in the folder (one file: a new bundle, node or flag set replaces it). */
export const CODE_CACHE_FILE = 'server-main.v8cache';
const MAGIC = 'kube-ports-code-cache 1\n';

/** What happened to the cache at load: `off` (no folder), `none` (no file), `ignored` (our check failed), `rejected` (V8's did), `accepted`. */
export type CodeCacheStatus = 'off' | 'none' | 'ignored' | 'rejected' | 'accepted';

export interface CodeCacheHandle {
  readonly status: CodeCacheStatus;
  /** The load's log line: `code cache: <status>[ (why)]`. */
  readonly message: string;
  /** Whether `save` would write (a folder, and no accepted cache, and not written yet). */
  readonly wanted: boolean;
  /** Makes the cache from the bundle's compiled code and writes it (once); returns the log line, or undefined when there is nothing to do. */
  save(): string | undefined;
}

/** The key of a bundle's cache under this process's versions and flags (one line of JSON). */
export function codeCacheKey(bundle: Buffer, flags: readonly string[], execArgv: readonly string[] = process.execArgv): string {
  return JSON.stringify({
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    flags,
    execArgv,
    bundle: createHash('sha256').update(bundle).digest('hex'),
  });
}

/** The cache file's bytes for `payload` (V8's cached data) under `key`. */
export function encodeCodeCache(key: string, payload: Buffer): Buffer {
  const header = JSON.stringify({ key: JSON.parse(key), size: payload.length, sha256: createHash('sha256').update(payload).digest('hex') });
  return Buffer.concat([Buffer.from(MAGIC + header + '\n'), payload]);
}

/** V8's bytes of a cache file when it is whole and made for `key`; else why not. Never throws. */
export function decodeCodeCache(file: Buffer, key: string): { readonly payload: Buffer } | { readonly reason: string } {
  if (file.length < MAGIC.length || file.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return { reason: 'not a code cache file' };
  const end = file.indexOf(10, MAGIC.length);
  if (end < 0) return { reason: 'truncated header' };
  let header: unknown;
  try {
    header = JSON.parse(file.subarray(MAGIC.length, end).toString('utf8'));
  } catch {
    return { reason: 'unreadable header' };
  }
  const h = header as { key?: unknown; size?: unknown; sha256?: unknown } | null;
  if (!h || typeof h !== 'object' || typeof h.size !== 'number' || typeof h.sha256 !== 'string') return { reason: 'unreadable header' };
  if (JSON.stringify(h.key) !== key) return { reason: 'made for another bundle, node version or flags' };
  const payload = file.subarray(end + 1);
  if (payload.length !== h.size) return { reason: `${payload.length} bytes, the header says ${h.size}` };
  if (createHash('sha256').update(payload).digest('hex') !== h.sha256) return { reason: 'checksum mismatch' };
  return { payload };
}

/**
 * Compiles and runs the CommonJS bundle `file` as node's loader would (its own `require`,
 * `module`, `__filename`, `__dirname`), with the code cache of `folder` when there is a valid one.
 * `flags` are the V8 flags already set (part of the key); `beforeRun` gets the handle before the
 * bundle's first statement (the entry stores it where the bundle's server finds it).
 */
export function runBundle(file: string, folder: string | undefined, flags: readonly string[], beforeRun: (handle: CodeCacheHandle) => void): CodeCacheHandle {
  const source = readFileSync(file);
  const cacheFile = folder ? path.join(folder, CODE_CACHE_FILE) : undefined;
  const key = cacheFile ? codeCacheKey(source, flags) : '';
  let status: CodeCacheStatus = cacheFile ? 'none' : 'off';
  let why = '';
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(cacheFile);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') [status, why] = ['ignored', `cannot read it: ${code ?? String(error)}`];
    }
    if (bytes) {
      const decoded = decodeCodeCache(bytes, key);
      if ('payload' in decoded) cachedData = decoded.payload;
      else [status, why] = ['ignored', decoded.reason];
    }
  }
  const script = new vm.Script(Module.wrap(source.toString('utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (cachedData) status = script.cachedDataRejected ? 'rejected' : 'accepted';
  let written = false;
  const handle: CodeCacheHandle = {
    status,
    message: `code cache: ${status}${why ? ` (${why})` : ''}${cacheFile && status !== 'none' ? ` ${cacheFile}` : ''}`,
    get wanted() {
      return cacheFile !== undefined && status !== 'accepted' && !written;
    },
    save() {
      if (!cacheFile || !handle.wanted) return undefined;
      written = true;
      const started = performance.now();
      const temp = `${cacheFile}.${process.pid}.${Date.now()}.tmp`;
      try {
        const bytes = encodeCodeCache(key, script.createCachedData());
        mkdirSync(path.dirname(cacheFile), { recursive: true });
        writeFileSync(temp, bytes);
        renameSync(temp, cacheFile);
        return `code cache: written (${bytes.length} bytes in ${Math.round(performance.now() - started)} ms) ${cacheFile}`;
      } catch (error) {
        rmSync(temp, { force: true });
        return `code cache: not written (${(error as Error).message ?? String(error)})`;
      }
    },
  };
  const m = new Module(file, require.main);
  m.filename = file;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  // Before the bundle runs: its server takes the handle from the early start's state.
  beforeRun(handle);
  run.call(m.exports, m.exports, createRequire(file), m, file, path.dirname(file));
  m.loaded = true;
  return handle;
}

