/**
 * The file's YAML style (indentation, `- ` placement, line breaks) and a small emitter that
 * writes new YAML (documents, nested values) in that style. Pure.
 */
import { eolOf } from './text-edit';

export interface YamlStyle {
  /** Spaces per nesting level (2 or 4, as the file uses). */
  readonly indent: number;
  /** `- ` items are indented under their key (`ports:\n  - port: 80`) rather than level with it. */
  readonly indentSequences: boolean;
  readonly eol: string;
}

/** Detects indentation and sequence style from a file's text (defaults: 2 spaces, `- ` level with its key). */
export function detectStyle(text: string): YamlStyle {
  const lines = text.split(/\r?\n|\r/);
  const indents = new Map<number, number>();
  let seqIndented = 0;
  let seqLevel = 0;
  for (let i = 0; i + 1 < lines.length && i < 4000; i++) {
    const line = lines[i]!;
    if (line.length > 1000) continue; // bounded input for the expression below
    const m = /^( *)(- +)?[^\s#-][^#]*:\s*(#.*)?$/.exec(line);
    if (!m) continue;
    const keyCol = m[1]!.length + (m[2]?.length ?? 0);
    let j = i + 1;
    while (j < lines.length && /^\s*(#.*)?$/.test(lines[j]!)) j++;
    const next = lines[j];
    if (next === undefined) continue;
    const col = /^ */.exec(next)![0].length;
    if (next.slice(col).startsWith('- ') || next.slice(col) === '-') {
      if (col === keyCol) seqLevel++;
      else if (col > keyCol) {
        seqIndented++;
        const d = col - keyCol;
        if (d === 2 || d === 4) indents.set(d, (indents.get(d) ?? 0) + 1);
      }
    } else if (col > keyCol) {
      const d = col - keyCol;
      if (d >= 1 && d <= 8) indents.set(d, (indents.get(d) ?? 0) + 1);
    }
  }
  let indent = 2;
  let best = 0;
  for (const [d, n] of indents) if (n > best || (n === best && d < indent)) [indent, best] = [d, n];
  return { indent, indentSequences: seqIndented > seqLevel, eol: eolOf(text) };
}

export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const PLAIN_SAFE = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
const RESOLVES_TO_NON_STRING = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|[-+]?\.inf|\.nan)$/i;

/** A scalar in YAML: plain where that reads back as the same string, else double-quoted. */
export function formatScalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  if (PLAIN_SAFE.test(v) && !RESOLVES_TO_NON_STRING.test(v)) return v;
  return JSON.stringify(v);
}

function isMapValue(v: YamlValue): v is { readonly [key: string]: YamlValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Block YAML for the entries of a map, each line starting at `column`. The result has no
 * trailing line break; lines are joined with the style's eol.
 */
export function emitMapEntries(map: { readonly [key: string]: YamlValue }, column: number, style: YamlStyle): string {
  return emitMapLines(map, column, style).join(style.eol);
}

function emitMapLines(map: { readonly [key: string]: YamlValue }, column: number, style: YamlStyle): string[] {
  const pad = ' '.repeat(column);
  const lines: string[] = [];
  for (const [k, v] of Object.entries(map)) {
    const key = formatScalar(k);
    if (Array.isArray(v)) {
      if (v.length === 0) lines.push(`${pad}${key}: []`);
      else {
        lines.push(`${pad}${key}:`);
        lines.push(...emitSeqLines(v, column + (style.indentSequences ? style.indent : 0), style));
      }
    } else if (isMapValue(v)) {
      if (Object.keys(v).length === 0) lines.push(`${pad}${key}: {}`);
      else {
        lines.push(`${pad}${key}:`);
        lines.push(...emitMapLines(v, column + style.indent, style));
      }
    } else lines.push(`${pad}${key}: ${formatScalar(v as string | number | boolean | null)}`);
  }
  return lines;
}

function emitSeqLines(seq: readonly YamlValue[], column: number, style: YamlStyle): string[] {
  const pad = ' '.repeat(column);
  const lines: string[] = [];
  for (const item of seq) {
    if (isMapValue(item) && Object.keys(item).length > 0) {
      const inner = emitMapLines(item, column + 2, style);
      lines.push(pad + '- ' + inner[0]!.slice(column + 2), ...inner.slice(1));
    } else if (Array.isArray(item)) {
      lines.push(`${pad}- ${emitFlow(item, false)}`);
    } else if (isMapValue(item)) {
      lines.push(`${pad}- {}`);
    } else lines.push(`${pad}- ${formatScalar(item as string | number | boolean | null)}`);
  }
  return lines;
}

/** Block YAML for a sequence whose `- ` starts at `column` (no trailing line break). */
export function emitSeqItems(seq: readonly YamlValue[], column: number, style: YamlStyle): string {
  return emitSeqLines(seq, column, style).join(style.eol);
}

/** A flow value (`{name: http, port: 80}`); `json` quotes keys and strings as JSON does. */
export function emitFlow(v: YamlValue, json: boolean): string {
  if (Array.isArray(v)) return `[${v.map((x) => emitFlow(x, json)).join(', ')}]`;
  if (isMapValue(v)) {
    const entries = Object.entries(v).map(([k, x]) => `${json ? JSON.stringify(k) : formatScalar(k)}: ${emitFlow(x, json)}`);
    return `{${entries.join(', ')}}`;
  }
  if (json) return JSON.stringify(v);
  return formatScalar(v as string | number | boolean | null);
}

/** A whole new document (block style, no `---`), ending with a line break. */
export function emitDocument(map: { readonly [key: string]: YamlValue }, style: YamlStyle): string {
  return emitMapEntries(map, 0, style) + style.eol;
}
