/**
 * The warm-start cache: the workspace's parsed files and their findings, on disk in the
 * extension's storage folder (`<storage>/model/`; the CLI: `--cache DIR` → `DIR/model/`), so a
 * workspace opened again is not read and analysed again. The core converts (workspace/snapshot.ts);
 * this module owns the files and the keys.
 *
 * - One cache file per set of workspace folders, versioned by the format and the extension version,
 *   and valid only for the same settings (a hash of them): anything else is foreign and ignored.
 * - Files are keyed by path, size and mtime; a file whose size or mtime changed is read, and its
 *   content hash decides whether the restored parse still stands. (A change that keeps both the
 *   size and the mtime is not seen: no file-system cache can see it without reading every file.)
 * - The findings are those of the restored world: the trailer holds a hash of every file key and
 *   the settings, checked on load. The host restores the whole cached world, then applies what
 *   differs on disk (changed, added, deleted files) with the ordinary `setFile` / `removeFile`,
 *   which re-analyse exactly what depends on them — the keystroke path's own invalidation.
 * - Corrupt (truncated, garbage, wrong shape), stale or foreign content is a miss, never an error;
 *   a folder that cannot be written only means no warm start next time.
 * - Written after the initial scan and after changes, debounced, in the background: the snapshot is
 *   captured synchronously (immutable values), serialised in slices between yields to the event
 *   loop, streamed to a temp file and renamed into place; over MAX_BYTES it is not written.
 *
 * Format (2): a header line (JSON: format, version, folders, settings), an index line (JSON: each
 * file's URI, key and text length in bytes; the string table, shapes and value starts of the
 * encoded model, model-codec.ts; the findings key; the sha256 of what follows), then the texts
 * (UTF-8, one after the other) and the model's tokens (Int32 or Float64 in the machine's byte
 * order, at a multiple of 8 in the body, which starts at one in the file). Restoring is one read,
 * one hash and one decode.
 */
import { createHash } from 'node:crypto';
import { promises as fsp, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../core/findings';
import type { Settings } from '../core/settings';
import { ValueDecoder, ValueEncoder } from '../core/workspace/model-codec';
import { decodeFile, encodeFile, type RestoredFile } from '../core/workspace/snapshot';
import type { Workspace } from '../core/workspace/workspace';
import { filePath, type ReadResult } from './manifest-files';

/**
 * 5: an object holds the spans of its `kind` and `metadata.name` inline (`kindStart`…`nameEnd`);
 * 4 had `kindSpan` and `nameSpan` objects there.
 * 4: a text value's runs (when not one verbatim run) are a flat list of numbers relative to the
 * value's start; 3 had run objects in file offsets there.
 * 3: scalars, text values, label maps, ports and containers hold their span inline (`{…, start, end}`,
 * model/types.ts), label entries their key's and value's (`keyStart`…`valueEnd`), a text value's
 * one verbatim run is a number; 2 had `span` objects there, which this model would read as
 * values without a place.
 * 2: the model in model-codec.ts's encoding (1 was one JSON line per file).
 */
export const FORMAT = 'kube-ports-model-cache/5';
/** A cache file larger than this is not written (nor read). */
export const MAX_BYTES = 512 * 1024 * 1024;
/** Cache files (one per set of folders) kept in the folder; the least recently written go first. */
const MAX_FILES = 16;
/** Entries serialised between two yields to the event loop. */
const SLICE = 256;

export interface FileKey {
  readonly size: number;
  readonly mtimeMs: number;
  /** sha256 of the text, hex. */
  readonly hash: string;
}

export interface ModelCacheIdentity {
  /** The extension's version: another version's cache is foreign. */
  readonly version: string;
  /** The workspace folders (URIs) or the CLI's paths. */
  readonly folders: readonly string[];
}

interface CachedEntry {
  readonly key: FileKey;
  readonly file: RestoredFile;
  readonly findings: Finding[] | undefined;
}

/** What a load found: entries by URI, and whether their findings may be restored. */
export interface LoadedCache {
  readonly entries: Map<string, CachedEntry>;
  /** Every entry was valid and the trailer's key matched: the findings are of this world. */
  readonly whole: boolean;
}

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function settingsHash(settings: Settings, excludes: readonly string[]): string {
  return textHash(JSON.stringify([settings, excludes]));
}

/** The key a file that is not the disk's (an editor's text) gets: it never matches a file on disk. */
const UNMATCHABLE = -1;

export class ModelCache {
  readonly file: string;
  /** What was read from disk, by URI: the text as handed to the workspace, and its size and mtime. */
  private readonly disk = new Map<string, { size: number; mtimeMs: number; text: string }>();
  private saving: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly dir: string,
    private readonly identity: ModelCacheIdentity,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.file = path.join(dir, `${textHash(JSON.stringify([...identity.folders].sort())).slice(0, 32)}.model`);
  }

  /** A file was read from disk (call it for every read the workspace is given). */
  record(uri: string, result: ReadResult): void {
    if ('text' in result && result.size !== undefined && result.mtimeMs !== undefined) this.disk.set(uri, { size: result.size, mtimeMs: result.mtimeMs, text: result.text });
    else this.disk.delete(uri);
  }

  forget(uri: string): void {
    this.disk.delete(uri);
  }

  /** Whether a cache file of these folders is there (of any version and settings: a warm start may follow); never throws. */
  exists(): boolean {
    try {
      return statSync(this.file).isFile();
    } catch {
      return false;
    }
  }

  /** The cache of these folders, if there is one for this version and these settings; never throws. */
  load(settings: string): LoadedCache | undefined {
    let bytes: Buffer;
    try {
      const st = statSync(this.file);
      if (!st.isFile() || st.size > MAX_BYTES) return undefined;
      bytes = readFileSync(this.file);
    } catch {
      return undefined;
    }
    try {
      return this.parse(bytes, settings);
    } catch {
      return undefined;
    }
  }

  private parse(bytes: Buffer, settings: string): LoadedCache | undefined {
    const headerEnd = bytes.indexOf(10);
    const indexEnd = headerEnd < 0 ? -1 : bytes.indexOf(10, headerEnd + 1);
    if (indexEnd < 0) return undefined;
    const header = JSON.parse(bytes.toString('utf8', 0, headerEnd)) as Record<string, unknown>;
    if (!this.ownHeader(header, settings)) return undefined;
    const index = JSON.parse(bytes.toString('utf8', headerEnd + 1, indexEnd)) as Record<string, unknown>;
    const { files, model, numbers, sha256 } = index;
    if (!Array.isArray(files) || typeof model !== 'object' || model === null || (numbers !== 'int32' && numbers !== 'float64')) return undefined;
    // The tokens are in the writer's byte order.
    if (index.endianness !== endianness()) return undefined;
    const body = bytes.subarray(indexEnd + 1);
    if (typeof sha256 !== 'string' || createHash('sha256').update(body).digest('hex') !== sha256) return undefined;
    // The texts, then the tokens from the next multiple of 8 in the body.
    let at = 0;
    const texts: { uri: string; key: FileKey; text: string }[] = [];
    for (const f of files as unknown[]) {
      if (!Array.isArray(f) || f.length !== 5) return undefined;
      const [uri, size, mtimeMs, hash, length] = f as unknown[];
      if (typeof uri !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return undefined;
      if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || at + length > body.length) return undefined;
      texts.push({ uri, key: { size, mtimeMs, hash }, text: body.toString('utf8', at, at + length) });
      at += length;
    }
    const data = tokens(body.subarray(align8(at)), numbers);
    if (!data) return undefined;
    const decoder = new ValueDecoder({ ...(model as object), data });
    if (decoder.count !== 2 * texts.length) return undefined;
    const entries = new Map<string, CachedEntry>();
    let whole = true;
    texts.forEach(({ uri, key, text }, i) => {
      const decoded = entries.has(uri) ? undefined : decodeFile(decoder, i, uri, text);
      if (!decoded) {
        whole = false;
        return;
      }
      entries.set(uri, { key, file: decoded.file, findings: decoded.findings });
    });
    if (whole && index.findingsKey !== findingsKey([...entries].map(([uri, e]) => [uri, e.key]), settings)) whole = false;
    return { entries, whole };
  }

  /** The header of this cache's format, version, settings and folders. */
  private ownHeader(header: Record<string, unknown>, settings: string): boolean {
    if (header.format !== FORMAT || header.version !== this.identity.version || header.settings !== settings) return false;
    return JSON.stringify(header.folders) === JSON.stringify([...this.identity.folders].sort());
  }

  /**
   * Restores the cached world into the workspace (open editors' text re-applied on top). Returns
   * the check for each walked file, or undefined when there is no usable cache.
   */
  restore(workspace: Workspace, settings: string, openTexts: ReadonlyMap<string, string>): WarmStart | undefined {
    const loaded = this.load(settings);
    if (!loaded || loaded.entries.size === 0) return undefined;
    const entries = [...loaded.entries.values()].map((e) => ({ file: e.file, findings: loaded.whole ? e.findings : undefined }));
    const affected = workspace.restoreFiles(entries);
    for (const [uri, text] of openTexts) for (const u of workspace.setFile(uri, text, { open: true })) affected.add(u);
    for (const [uri, e] of loaded.entries) {
      if (e.key.size !== UNMATCHABLE) this.disk.set(uri, { size: e.key.size, mtimeMs: e.key.mtimeMs, text: e.file.parsed.text });
    }
    return new WarmStart(loaded, this, affected);
  }

  /** Writes the cache soon (debounced), in the background. */
  scheduleSave(workspace: Workspace, settings: () => string, delayMs = 2000, published?: ReadonlyMap<string, string>): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save(workspace, settings(), published);
    }, delayMs);
    this.timer.unref?.();
  }

  /** Writes the cache now (after the one being written, if any). Resolves when written or given up; never rejects. */
  async save(workspace: Workspace, settings: string, published?: ReadonlyMap<string, string>): Promise<void> {
    if (this.saving) {
      this.again = true;
      return this.saving;
    }
    this.saving = this.write(workspace, settings, published)
      .catch((error: unknown) => this.log(`model cache not written: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.saving = undefined;
        if (this.again && !this.disposed) {
          this.again = false;
          void this.save(workspace, settings, published);
        }
      });
    return this.saving;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async write(workspace: Workspace, settings: string, published: ReadonlyMap<string, string> | undefined): Promise<void> {
    const started = Date.now();
    // Captured now, serialised later: the values are immutable.
    const snapshot = workspace.snapshot().filter((e) => e.parsed.uri.startsWith('file:'));
    // In path order: the same world is written as the same bytes, whatever order it was loaded in.
    snapshot.sort((a, b) => (a.parsed.uri < b.parsed.uri ? -1 : a.parsed.uri > b.parsed.uri ? 1 : 0));
    const keys: [string, FileKey][] = [];
    /** What the host published for each file read from disk (JSON text; none published: `[]`), captured with the snapshot. */
    const shown: [string, FileKey, string][] = [];
    const publishedNow = published ? new Map(published) : undefined;
    const encoder = new ValueEncoder();
    // The texts are not copied: the snapshot's strings (immutable) are hashed here and encoded to
    // UTF-8 again, a chunk at a time, when the file is written (at 100,000 documents the copies, a
    // Buffer per text and their concatenation, were 100 MB outside the heap at once).
    const texts: string[] = [];
    const textLengths: number[] = [];
    const bodyHash = createHash('sha256');
    let bytes = 0;
    for (let i = 0; i < snapshot.length; i += SLICE) {
      if (this.disposed) return;
      for (const e of snapshot.slice(i, i + SLICE)) {
        const uri = e.parsed.uri;
        const disk = this.disk.get(uri);
        const fromDisk = !e.open && disk !== undefined && disk.text === e.parsed.text;
        const key: FileKey = { size: fromDisk ? disk.size : UNMATCHABLE, mtimeMs: fromDisk ? disk.mtimeMs : UNMATCHABLE, hash: textHash(e.parsed.text) };
        keys.push([uri, key]);
        // Every file read from disk is listed (a file without diagnostics has none published, `[]`):
        // the list is shown early only when none of them changed.
        if (fromDisk && publishedNow) shown.push([uri, key, publishedNow.get(uri) ?? '[]']);
        encodeFile(encoder, e.parsed, e.context, e.findings);
        const length = Buffer.byteLength(e.parsed.text, 'utf8');
        bodyHash.update(e.parsed.text, 'utf8');
        texts.push(e.parsed.text);
        textLengths.push(length);
        bytes += length;
        if (bytes > MAX_BYTES) throw new Error(`over ${MAX_BYTES} bytes`);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // The tokens are written as the encoder holds them, a chunk at a time (hashed, then written):
    // one array of them all was the writer's peak outside the heap (ARCHITECTURE.md, Memory).
    const { tokenChunks, numbers, tokenCount, ...model } = encoder.finishInChunks();
    const tokenBuffers = function* (): Generator<Buffer> {
      for (const piece of tokenChunks()) yield Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    };
    const files = keys.map(([uri, k], i) => [uri, k.size, k.mtimeMs, k.hash, textLengths[i]!]);
    const head = `${JSON.stringify({ format: FORMAT, version: this.identity.version, folders: [...this.identity.folders].sort(), settings })}\n`;
    // The body: the texts, padding to a multiple of 8, the tokens. The index line is padded with
    // spaces so that the body, and so the tokens, start at a multiple of 8 in the file (read in place).
    const padding = Buffer.alloc(align8(bytes) - bytes);
    bodyHash.update(padding);
    for (const piece of tokenBuffers()) bodyHash.update(piece);
    const sha256 = bodyHash.digest('hex');
    const tokenBytes = tokenCount * (numbers === 'int32' ? 4 : 8);
    const index = JSON.stringify({ files, model, numbers, endianness: endianness(), findingsKey: findingsKey(keys, settings), sha256 });
    const prefix = Buffer.byteLength(head) + Buffer.byteLength(index) + 1;
    const start = Buffer.from(`${head}${index}${' '.repeat(align8(prefix) - prefix)}\n`);
    const total = start.length + bytes + padding.length + tokenBytes;
    if (total > MAX_BYTES) throw new Error(`over ${MAX_BYTES} bytes`);
    await fsp.mkdir(this.dir, { recursive: true });
    const partial = `${this.file}.${process.pid}.partial`;
    try {
      await fsp.writeFile(partial, bodyChunks(start, texts, [padding, ...tokenBuffers()]));
    } catch (error) {
      await fsp.rm(partial, { force: true });
      throw error;
    }
    // The model first, then what was shown: a crash in between leaves an older `shown` file, which
    // the scan's own publishing corrects.
    await fsp.rename(partial, this.file);
    if (publishedNow) await this.writeShown(shown, settings);
    this.prune();
    this.log(`model cache written: ${snapshot.length} files, ${(total / 1024 / 1024).toFixed(1)} MB in ${Date.now() - started} ms`);
  }

  /** The published-diagnostics file: the keys and what was shown for each file read from disk. */
  get shownFile(): string {
    return this.file.replace(/\.model$/, '.shown.jsonl');
  }

  private async writeShown(shown: readonly [string, FileKey, string][], settings: string): Promise<void> {
    const partial = `${this.shownFile}.${process.pid}.partial`;
    const lines = [JSON.stringify({ format: FORMAT, version: this.identity.version, folders: [...this.identity.folders].sort(), settings })];
    // `raw` is JSON already (the host's own serialisation of what it published).
    for (const [uri, key, raw] of shown) lines.push(`[${JSON.stringify(uri)},${key.size},${key.mtimeMs},${raw}]`);
    lines.push(JSON.stringify({ end: true, files: shown.length }));
    await fsp.writeFile(partial, `${lines.join('\n')}\n`);
    await fsp.rename(partial, this.shownFile);
  }

  /**
   * What the host published last time for each file read from disk, when every one of those files
   * still has its size and mtime (one stat each, no walk): the host may show it before the model
   * is restored, and its publishing after the scan corrects whatever a file added since changes.
   * Undefined when there is none, it is foreign or damaged, or any of its files changed.
   */
  shownIfUnchanged(settings: string, valid: (value: unknown) => boolean): Map<string, unknown> | undefined {
    try {
      const st = statSync(this.shownFile);
      if (!st.isFile() || st.size > MAX_BYTES) return undefined;
      const lines = readFileSync(this.shownFile, 'utf8').split('\n');
      if (lines.at(-1) === '') lines.pop();
      const header = JSON.parse(lines[0]!) as Record<string, unknown>;
      if (header.format !== FORMAT || header.version !== this.identity.version || header.settings !== settings) return undefined;
      if (JSON.stringify(header.folders) !== JSON.stringify([...this.identity.folders].sort())) return undefined;
      const trailer = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
      if (trailer.end !== true || trailer.files !== lines.length - 2) return undefined;
      const out = new Map<string, unknown>();
      for (let i = 1; i < lines.length - 1; i++) {
        const [uri, size, mtimeMs, value] = JSON.parse(lines[i]!) as unknown[];
        if (typeof uri !== 'string' || !uri.startsWith('file:') || !valid(value)) return undefined;
        const file = filePath(uri);
        const now = statSync(file, { throwIfNoEntry: false });
        if (!now || now.size !== size || now.mtimeMs !== mtimeMs) return undefined;
        out.set(uri, value);
      }
      return out;
    } catch {
      return undefined;
    }
  }

  /** Keeps the MAX_FILES most recently written cache files. */
  private prune(): void {
    try {
      const names = readdirSync(this.dir);
      // Format 1 kept the model in `<hash>.jsonl`: no version reads it any more.
      for (const f of names.filter((n) => /^[0-9a-f]{32}\.jsonl$/.test(n))) rmSync(path.join(this.dir, f), { force: true });
      const files = names.filter((f) => /^[0-9a-f]{32}\.model$/.test(f));
      if (files.length <= MAX_FILES) return;
      const dated = files.map((f) => ({ f, t: statSync(path.join(this.dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
      for (const { f } of dated.slice(MAX_FILES)) {
        rmSync(path.join(this.dir, f), { force: true });
        rmSync(path.join(this.dir, f.replace(/\.model$/, '.shown.jsonl')), { force: true });
      }
    } catch {
      // Pruning is best effort.
    }
  }
}

/** The warm start in progress: decides, file by file, whether the disk still holds what was restored. */
export class WarmStart {
  restored = 0;
  rehashed = 0;
  reread = 0;

  constructor(
    private readonly loaded: LoadedCache,
    private readonly cache: ModelCache,
    /** Files whose findings may differ from the cached ones (the open editors' and what depends on them). */
    readonly affected: Set<string>,
  ) {}

  get whole(): boolean {
    return this.loaded.whole;
  }

  /**
   * The file on disk is the restored one: same size and mtime, or (read now) the same content
   * hash. Otherwise the read (when made) is returned for the caller to apply.
   */
  check(uri: string, filePath: string, read: () => ReadResult): { unchanged: true } | { unchanged: false; read?: ReadResult } {
    const entry = this.loaded.entries.get(uri);
    if (!entry || entry.key.size === UNMATCHABLE) return { unchanged: false };
    try {
      const st = statSync(filePath);
      if (st.size === entry.key.size && st.mtimeMs === entry.key.mtimeMs) {
        this.restored++;
        return { unchanged: true };
      }
    } catch {
      return { unchanged: false };
    }
    const result = read();
    if ('text' in result && textHash(result.text) === entry.key.hash) {
      this.rehashed++;
      this.cache.record(uri, { ...result, text: entry.file.parsed.text });
      return { unchanged: true };
    }
    this.reread++;
    return { unchanged: false, read: result };
  }
}

function findingsKey(keys: readonly (readonly [string, FileKey])[], settings: string): string {
  const hash = createHash('sha256').update(settings);
  for (const [uri, k] of [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${uri}\0${k.size}\0${k.mtimeMs}\0${k.hash}\n`);
  return hash.digest('hex');
}

/** Chunk size of the texts written (bodyChunks). */
const WRITE_CHUNK = 1 << 20;

/**
 * The cache file's bytes in order: `start`, then the texts in UTF-8, packed into chunks of about
 * WRITE_CHUNK bytes (a text bigger than that alone), then `end`. One chunk is held at a time.
 */
export function* bodyChunks(start: Buffer, texts: readonly string[], end: readonly Buffer[]): Generator<Buffer> {
  yield start;
  let chunk = Buffer.allocUnsafe(WRITE_CHUNK);
  let used = 0;
  for (const text of texts) {
    const length = Buffer.byteLength(text, 'utf8');
    if (used > 0 && used + length > WRITE_CHUNK) {
      yield chunk.subarray(0, used);
      chunk = Buffer.allocUnsafe(WRITE_CHUNK);
      used = 0;
    }
    if (length > WRITE_CHUNK) yield Buffer.from(text, 'utf8');
    else used += chunk.write(text, used, 'utf8');
  }
  if (used > 0) yield chunk.subarray(0, used);
  yield* end;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** The tokens of the encoded model, from bytes of unknown origin (copied when they are not aligned). */
function tokens(bytes: Buffer, numbers: 'int32' | 'float64'): Int32Array | Float64Array | undefined {
  const width = numbers === 'int32' ? 4 : 8;
  if (bytes.length % width !== 0) return undefined;
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
  return numbers === 'int32' ? new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4) : new Float64Array(aligned.buffer, aligned.byteOffset, aligned.length / 8);
}
