/**
 * Render results by cache key (a hash of the unit's input bytes, the tool, its version and the
 * arguments): in memory, and on disk under the extension's storage folder (the CLI: `--cache
 * DIR`), so an unchanged unit is not rendered again after a restart. Only outcomes of a tool
 * that ran (`rendered`, `failed`) are kept; a timeout or a missing binary is not a result.
 * A corrupt, foreign or unreadable entry is a miss, never an error.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RenderOutcome } from '../../core/render/types';

type Cacheable = Extract<RenderOutcome, { status: 'rendered' | 'failed' }>;

const FORMAT = 'kube-ports-render-cache/1';
const MEMORY_ENTRIES = 256;
const DISK_ENTRIES = 512;

export function cacheKey(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(`${p.length}:${p}\0`);
  return hash.digest('hex');
}

export class RenderCache {
  private readonly memory = new Map<string, Cacheable>();

  /** `dir`: the on-disk cache folder (created on first write), or undefined for memory only. */
  constructor(private readonly dir?: string) {}

  get(key: string): Cacheable | undefined {
    const hit = this.memory.get(key);
    if (hit) {
      this.memory.delete(key);
      this.memory.set(key, hit);
      return hit;
    }
    const fromDisk = this.read(key);
    if (fromDisk) this.remember(key, fromDisk);
    return fromDisk;
  }

  set(key: string, outcome: RenderOutcome): void {
    if (outcome.status !== 'rendered' && outcome.status !== 'failed') return;
    this.remember(key, outcome);
    this.write(key, outcome);
  }

  private remember(key: string, outcome: Cacheable): void {
    this.memory.delete(key);
    this.memory.set(key, outcome);
    while (this.memory.size > MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value!);
  }

  private file(key: string): string | undefined {
    return this.dir && /^[0-9a-f]{64}$/.test(key) ? path.join(this.dir, `${key}.json`) : undefined;
  }

  private read(key: string): Cacheable | undefined {
    const file = this.file(key);
    if (!file) return undefined;
    try {
      const entry = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; key?: unknown; outcome?: unknown };
      if (entry.format !== FORMAT || entry.key !== key) return undefined;
      return validOutcome(entry.outcome);
    } catch {
      return undefined;
    }
  }

  private write(key: string, outcome: Cacheable): void {
    const file = this.file(key);
    if (!file || !this.dir) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, JSON.stringify({ format: FORMAT, key, outcome }));
      renameSync(partial, file);
      this.prune();
    } catch {
      // A cache that cannot be written only costs a render after the next restart.
    }
  }

  /** Keeps the newest DISK_ENTRIES entries. */
  private prune(): void {
    if (!this.dir) return;
    const entries = readdirSync(this.dir).filter((f) => /^[0-9a-f]{64}\.json$/.test(f));
    if (entries.length <= DISK_ENTRIES) return;
    const dated = entries.map((f) => {
      try {
        return { f, t: statSync(path.join(this.dir!, f)).mtimeMs };
      } catch {
        return { f, t: 0 };
      }
    });
    dated.sort((a, b) => a.t - b.t);
    for (const { f } of dated.slice(0, entries.length - DISK_ENTRIES)) rmSync(path.join(this.dir, f), { force: true });
  }
}

function validOutcome(o: unknown): Cacheable | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const r = o as Record<string, unknown>;
  const ms = typeof r.milliseconds === 'number' ? { milliseconds: r.milliseconds } : {};
  if (r.status === 'rendered' && typeof r.text === 'string') {
    return { status: 'rendered', text: r.text, ...(typeof r.originBase === 'string' ? { originBase: r.originBase } : {}), ...ms };
  }
  if (r.status === 'failed' && typeof r.stderr === 'string') return { status: 'failed', stderr: r.stderr, ...ms };
  return undefined;
}
