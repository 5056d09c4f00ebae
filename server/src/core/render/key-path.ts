/**
 * Key paths inside YAML documents: the path of the node a rendered span points at, and the node
 * the same path names in a source document (a blanked template, a base file, a patch). Sequence
 * items are matched by what identifies them (`name`, merge keys, literal values), not by index
 * alone: a template's `{{- if }}` item or a patch's added port shifts indexes. Total: any shape in,
 * an answer (possibly "nothing matched") out.
 */
import type { Span } from '../model/types';
import { isMap, isScalar, isSeq } from '../parse/yaml';
import type { PathStep } from './types';

/** helm-template.ts's placeholder for an inline action (kept here so this module stays tool-neutral). */
const PLACEHOLDER = '\u2060';

/** A step of a rendered path, with what resolving it against a source needs beyond `PathStep`. */
export interface RenderedStep extends PathStep {
  /** For a sequence step: how many items the rendered sequence has. */
  readonly siblings?: number;
}

export interface NodeAt {
  readonly steps: RenderedStep[];
  /** The span is (inside) the key of the last step, not its value. */
  readonly isKey: boolean;
  /** The rendered node (value) the path ends at. */
  readonly node: unknown;
}

type Ranged = { range?: [number, number, number] | null };

export function rangeOf(node: unknown): [number, number] | undefined {
  const r = (node as Ranged | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function contains(node: unknown, start: number, end: number): boolean {
  const r = rangeOf(node);
  return !!r && r[0] <= start && end <= Math.max(r[1], r[0]);
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

function keyString(pairKey: unknown): string | undefined {
  return scalarString(pairKey);
}

/** Identifying literals of a sequence item: its `name` and every scalar field (or the scalar itself). */
export function itemIdentity(item: unknown): { itemName?: string; itemKeys?: Record<string, string> } {
  if (isMap(item)) {
    const keys: Record<string, string> = {};
    let name: string | undefined;
    for (const p of item.items) {
      const k = keyString(p.key);
      const v = scalarString(p.value);
      if (k === undefined || v === undefined) continue;
      if (k === 'name') name = v;
      else if (Object.keys(keys).length < 12) keys[k] = v;
    }
    return { ...(name !== undefined ? { itemName: name } : {}), ...(Object.keys(keys).length ? { itemKeys: keys } : {}) };
  }
  const v = scalarString(item);
  return v !== undefined ? { itemKeys: { '': v } } : {};
}

/** The path of the innermost node whose range holds [start, end] (offsets relative to the document). */
export function nodePathAt(root: unknown, start: number, end: number): NodeAt {
  const steps: RenderedStep[] = [];
  let node: unknown = root;
  for (let guard = 0; guard < 1000; guard++) {
    if (isMap(node)) {
      let next: unknown;
      for (const p of node.items) {
        const k = keyString(p.key);
        if (k === undefined) continue;
        if (contains(p.key, start, end)) {
          steps.push({ key: k });
          return { steps, isKey: true, node: p.value };
        }
        if (p.value && contains(p.value, start, end)) {
          steps.push({ key: k });
          next = p.value;
          break;
        }
      }
      if (next === undefined) break;
      node = next;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((it) => contains(it, start, end));
      if (i < 0) break;
      const item = node.items[i];
      steps.push({ key: i, ...itemIdentity(item), siblings: node.items.length });
      node = item;
    } else break;
  }
  return { steps, isKey: false, node };
}

export interface Resolved {
  /** How many steps matched. */
  readonly matched: number;
  /** Every sequence step matched by identity (or by index in a sequence of the same length). */
  readonly identified: boolean;
  /** The node the last matched step names (value), and its key when the step was a map key. */
  readonly node: unknown;
  readonly keyNode: unknown;
  /** The nodes of the matched steps (for the nearest enclosing key). */
  readonly trail: readonly { readonly node: unknown; readonly keyNode: unknown }[];
}

export interface ResolveOptions {
  /**
   * Strict: a sequence item must be identified (name or a merge key); no index fallback.
   * Used for strategic-merge patches, whose lists merge by key.
   */
  readonly strict?: boolean;
  /** The rendered leaf value: among duplicate keys (if/else branches), prefer the one with this literal. */
  readonly leafValue?: string;
  /**
   * The literal a source scalar stands for (default: its value). A template answers for a plain
   * `{{ .Values.x }}` from the values files, and `undefined` for what it cannot know.
   */
  readonly literal?: (node: unknown) => string | undefined;
}

const MERGE_KEYS = ['containerPort', 'port', 'mountPath', 'devicePath', 'ip', 'key', 'topologyKey', 'type'];

/** A sequence step a strict (strategic-merge) resolve can identify: by `name`, a merge key, or a scalar item's value. */
export function mergeIdentified(step: RenderedStep): boolean {
  return step.itemName !== undefined || ['', ...MERGE_KEYS].some((k) => step.itemKeys?.[k] !== undefined);
}

/** Walks `steps` from `root` in a source document. */
export function resolvePath(root: unknown, steps: readonly RenderedStep[], options: ResolveOptions = {}): Resolved {
  return resolveFrom(root, steps, 0, options, { budget: 64 });
}

/** Walks from step `from`; duplicate keys (if/else branches of a template) are each tried, the deepest match wins. */
function resolveFrom(root: unknown, steps: readonly RenderedStep[], from: number, options: ResolveOptions, limit: { budget: number }): Resolved {
  let node: unknown = root;
  let keyNode: unknown;
  let identified = true;
  const trail: { node: unknown; keyNode: unknown }[] = [];
  let matched = from;
  const literal = options.literal ?? scalarString;
  for (let i = from; i < steps.length; i++) {
    const step = steps[i]!;
    const last = i === steps.length - 1;
    if (typeof step.key === 'string') {
      if (!isMap(node)) break;
      const pairs = node.items.filter((p) => keyString(p.key) === step.key);
      if (pairs.length === 0) break;
      let pair = pairs[0]!;
      if (pairs.length > 1) {
        const want = last ? options.leafValue : undefined;
        const byValue = want !== undefined ? pairs.find((p) => literal(p.value) === want) : undefined;
        if (byValue) pair = byValue;
        else if (!last && limit.budget > 0) {
          // Try each branch; keep the one that matches the most of the remaining path.
          let best: Resolved | undefined;
          let bestPair = pair;
          for (const p of pairs) {
            limit.budget--;
            const r = resolveFrom(p.value, steps, i + 1, options, limit);
            if (!best || r.matched > best.matched || (r.matched === best.matched && r.identified && !best.identified)) {
              best = r;
              bestPair = p;
            }
          }
          trail.push({ node: bestPair.value, keyNode: bestPair.key });
          const r = best!;
          const tailKey = r.matched > i + 1 ? r.keyNode : bestPair.key;
          const tailNode = r.matched > i + 1 ? r.node : bestPair.value;
          return { matched: r.matched, identified: identified && r.identified, node: tailNode, keyNode: tailKey, trail: [...trail, ...r.trail] };
        } else pair = pairs.find((p) => p.value != null && !isBlankScalar(p.value)) ?? pairs[0]!;
      }
      keyNode = pair.key;
      node = pair.value;
    } else {
      if (!isSeq(node)) break;
      const found = pickItem(node.items, step, options.strict === true, literal);
      if (!found) break;
      if (!found.identified) identified = false;
      keyNode = undefined;
      node = found.item;
    }
    trail.push({ node, keyNode });
    matched++;
  }
  return { matched, identified, node, keyNode, trail };
}

function isBlankScalar(node: unknown): boolean {
  return isScalar(node) && (node.value === null || node.value === '');
}

function pickItem(items: readonly unknown[], step: RenderedStep, strict: boolean, literal: (node: unknown) => string | undefined): { item: unknown; identified: boolean } | undefined {
  const index = step.key as number;
  if (step.itemName !== undefined) {
    const byName = items.find((it) => isMap(it) && literal(it.get('name', true)) === step.itemName);
    if (byName) return { item: byName, identified: true };
  }
  const keys = step.itemKeys ?? {};
  if (strict) {
    for (const mk of ['', ...MERGE_KEYS]) {
      const want = keys[mk];
      if (want === undefined) continue;
      const hit = items.find((it) => (mk === '' ? literal(it) === want : isMap(it) && literal(it.get(mk, true)) === want));
      if (hit) return { item: hit, identified: true };
    }
    return undefined;
  }
  // By literal values: the item sharing most identifying literals with the rendered one.
  let best: unknown;
  let bestScore = 0;
  let tie = false;
  for (const it of items) {
    let score = 0;
    if (isMap(it)) {
      for (const [k, v] of Object.entries(keys)) if (k !== '' && literal(it.get(k, true)) === v) score++;
    } else if (keys[''] !== undefined && literal(it) === keys['']) score = 1;
    if (score > bestScore) {
      best = it;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && score > 0) tie = true;
  }
  if (best !== undefined && !tie) return { item: best, identified: true };
  // Same length: the index is the item (no conditional item, no range).
  if (step.siblings !== undefined && items.length === step.siblings && index < items.length) return { item: items[index], identified: true };
  // One item in the source standing for several rendered ones: a `range` (whose template item
  // produced each of them), unless a literal of that item contradicts the rendered one.
  // More generally: the one item no literal of which contradicts the rendered item (the others
  // are conditional items with other literal names).
  const possible = items.filter((it) => !contradicts(it, step, literal));
  if (possible.length === 1) return { item: possible[0], identified: true };
  return undefined;
}

/** A literal of the source item differs from the rendered item's (so the item did not produce it). */
function contradicts(item: unknown, step: RenderedStep, literal: (node: unknown) => string | undefined): boolean {
  if (!isMap(item)) {
    const v = literal(item);
    return v !== undefined && v !== '' && !v.includes(PLACEHOLDER) && step.itemKeys?.[''] !== undefined && v !== step.itemKeys[''];
  }
  const wanted: Record<string, string> = { ...(step.itemKeys ?? {}), ...(step.itemName !== undefined ? { name: step.itemName } : {}) };
  for (const [k, v] of Object.entries(wanted)) {
    const have = literal(item.get(k, true)) ?? scalarString(item.get(k, true));
    if (have === undefined || have === '' || have === v) continue;
    if (!have.includes(PLACEHOLDER)) return true;
    // Partly templated (`{{ $key }}-tcp`): its literal parts must be there.
    if (!templatePattern(have).test(v)) return true;
  }
  return false;
}

function templatePattern(blanked: string): RegExp {
  const parts = blanked.split(new RegExp(`${PLACEHOLDER}+`)).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's');
}

/** The span of the first line of [start, end) in `text` (trailing spaces trimmed). */
export function firstLine(text: string, start: number, end = text.length): Span {
  let s = Math.max(0, Math.min(start, text.length));
  // Skip leading blank space (a blanked action line).
  while (s < end && (text[s] === ' ' || text[s] === '\t' || text[s] === '\n' || text[s] === '\r')) s++;
  if (s >= end) s = Math.max(0, Math.min(start, text.length));
  let e = text.indexOf('\n', s);
  if (e < 0 || e > end) e = Math.min(end, text.length);
  while (e > s && (text[e - 1] === ' ' || text[e - 1] === '\r' || text[e - 1] === '\t')) e--;
  return { start: s, end: Math.max(s, e) };
}
