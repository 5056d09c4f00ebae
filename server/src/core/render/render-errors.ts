/**
 * A failed render's standard error → one error on the file and line the tool names. Pure; never
 * throws. Helm 4 names the place in several forms:
 *
 * - `Error: <chart>/templates/y.yaml:8:26` then indented `executing "…" at <…>:` frames and the
 *   cause (Helm 4's multi-line form; an `include` adds frames);
 * - `Error: template: <chart>/templates/y.yaml:12:3: executing … at <…>: error calling include:
 *   template: …` on one line (a recursive include makes that line 100 KB: the first frame and the
 *   cause are kept);
 * - `parse error at (<chart>/templates/y.yaml:7): …`, `execution error at (…:3:4): …` (`fail`,
 *   `required`);
 * - `YAML parse error on <chart>/templates/y.yaml: … yaml: line 5: …`, where the line is a line of
 *   the rendered output of that template: it is mapped back to the template line that produced it
 *   (lines made only of control actions trimmed with `{{-` render to nothing).
 *
 * Kustomize errors name paths in the host's temporary copy: they are matched to the unit's files
 * by their path suffix, the message keeps kustomize's own words with those paths made relative.
 */
import type { Span } from '../model/types';
import { basename, dirname } from '../uri';
import { actionsStartingIn, blankActions } from './helm-template';
import { helmSourceResolver } from './origin-helm';
import type { RenderUnit } from './types';
import { KUSTOMIZATION_NAMES } from './units';

export interface RenderErrorLocation {
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
}

const MAX_CAUSE = 400;

/** A failed render's stderr → the error on the file and line the tool names (mapped back for YAML parse errors of rendered docs), shortened (first frame + cause; Helm prints 100 KB for a recursive include). Falls back to the unit's file. */
export function locateRenderError(unit: RenderUnit, stderr: string, text: (uri: string) => string | undefined): RenderErrorLocation {
  try {
    return unit.tool === 'helm' ? helmError(unit, stderr, text) : kustomizeError(unit, stderr, text);
  } catch {
    return { uri: unit.fileUri, span: { start: 0, end: 0 }, message: `${toolLabel(unit)} failed: ${shorten(clean(stderr)) || 'no message'}` };
  }
}

/**
 * What ran, said once at the start of every message ("helm template failed: …"). The unit is
 * named by the Workspace's suffix like every unit finding ("(in Helm release web)"), not here.
 */
export function toolLabel(unit: Pick<RenderUnit, 'tool'>): string {
  return unit.tool === 'helm' ? 'helm template' : 'kustomize build';
}

function shorten(s: string, max = MAX_CAUSE): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function clean(stderr: string): string {
  return stderr
    .replace(/^Use --debug flag to render out invalid YAML\s*$/gm, '')
    .replace(/^Error: /gm, '')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Helm

const FRAME = /(?:template: )?([^\s:()"]+\.(?:ya?ml|tpl|txt|json)):(\d+)(?::(\d+))?/;

function helmError(unit: RenderUnit, stderr: string, text: (uri: string) => string | undefined): RenderErrorLocation {
  const resolve = helmSourceResolver(unit, text, new Set(unit.inputs));
  const body = clean(stderr);
  const fallback = (message: string): RenderErrorLocation => ({ uri: unit.fileUri, span: { start: 0, end: 0 }, message });
  const label = toolLabel(unit);

  // YAML parse error on <file>: … line N: cause
  const yamlError = /YAML parse error on ([^\s:]+): (?:error converting YAML to JSON: )?(?:yaml: )?(?:line (\d+): )?([^\n]*)/.exec(body);
  if (yamlError) {
    const [, file, line, cause] = yamlError as unknown as [string, string, string | undefined, string];
    const origin = resolve(file);
    const message = `${label} failed: the output of ${relativeTemplate(unit, file)} is not valid YAML${line ? ` (rendered line ${line})` : ''}: ${shorten(cause)}`;
    if (origin?.kind !== 'template') return fallback(message);
    const t = text(origin.uri);
    if (t === undefined) return fallback(message);
    const offset = line ? templateOffsetOfRenderedLine(t, Number(line)) : 0;
    return { uri: origin.uri, span: lineSpan(t, offset), message };
  }

  // parse error at (<file>:L): cause  |  execution error at (<file>:L:C): cause
  const at = /(parse|execution) error at \(([^():\s]+):(\d+)(?::(\d+))?\): ([^\n]*)/.exec(body);
  if (at) {
    const [, kind, file, line, col, cause] = at as unknown as [string, string, string, string, string | undefined, string];
    const message = `${label} failed: ${kind === 'parse' ? 'template parse error' : 'template error'}: ${shorten(cause)} (${relativeTemplate(unit, file)}:${line})`;
    return place(unit, resolve, text, file, Number(line), col ? Number(col) : undefined, message) ?? fallback(message);
  }

  // The first frame (`<file>:L:C`, with or without `template: `), then the cause.
  const first = FRAME.exec(body);
  if (first) {
    const [, file, line, col] = first as unknown as [string, string, string, string | undefined];
    const cause = helmCause(body);
    const frames = [...body.matchAll(new RegExp(FRAME.source, 'g'))];
    const innermost = frames[frames.length - 1];
    const inner = innermost && innermost.index !== first.index ? ` (from ${relativeTemplate(unit, innermost[1]!)}:${innermost[2]})` : '';
    const message = `${label} failed: ${shorten(cause)}${inner}`;
    return place(unit, resolve, text, file, Number(line), col ? Number(col) : undefined, message) ?? fallback(message);
  }
  // Chart.yaml / values problems, anything else: on the chart's file.
  const values = /values don't meet the specifications|values\.ya?ml|schema/i.test(body) ? unit.valuesFiles?.[unit.valuesFiles.length - 1] : undefined;
  const message = `${label} failed: ${shorten(body.split('\n').filter((l) => l.trim()).slice(0, 4).join(' ')) || 'no message'}`;
  if (values && text(values) !== undefined) return { uri: values, span: { start: 0, end: 0 }, message };
  return fallback(message);
}

/** The cause: the last indented line of the multi-line form, or what follows the last frame of the one-line form. */
function helmCause(body: string): string {
  const lines = body.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim());
  if (lines.length > 1 && /^\s/.test(lines[lines.length - 1]!)) return lines[lines.length - 1]!.trim();
  const one = lines[0] ?? '';
  const parts = one.split(/(?:error calling \w+: )?template: [^\s:]+:\d+(?::\d+)?: executing "[^"]*" at <[^>]*>: /);
  const last = parts[parts.length - 1]!.replace(/^error calling \w+: /, '').trim();
  return last || one;
}

function relativeTemplate(unit: RenderUnit, file: string): string {
  return file.startsWith(`${unit.name}/`) ? file.slice(unit.name.length + 1) : file;
}

function place(
  unit: RenderUnit,
  resolve: ReturnType<typeof helmSourceResolver>,
  text: (uri: string) => string | undefined,
  file: string,
  line: number,
  col: number | undefined,
  message: string,
): RenderErrorLocation | undefined {
  const origin = resolve(file);
  if (!origin) return undefined;
  if (origin.kind === 'archive') {
    return { uri: origin.chartYaml, span: { start: 0, end: 0 }, message: `${message} (inside charts/${origin.archive})` };
  }
  const t = text(origin.uri);
  if (t === undefined) return undefined;
  const start = lineStart(t, line);
  if (col === undefined) return { uri: origin.uri, span: lineSpan(t, start), message };
  const lineEnd = endOfLine(t, start);
  const at = Math.min(start + Math.max(0, col - 1), lineEnd);
  // The action holding the column, else the rest of the line.
  const open = t.lastIndexOf('{{', at);
  const close = open >= 0 ? t.indexOf('}}', open) : -1;
  if (open >= start && close >= at - 2 && close + 2 <= lineEnd) return { uri: origin.uri, span: { start: open, end: close + 2 }, message };
  void unit;
  return { uri: origin.uri, span: lineSpan(t, at), message };
}

function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return offset;
    offset = nl + 1;
  }
  return offset;
}

function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/** The line at offset, without its indentation and trailing space. */
function lineSpan(text: string, offset: number): Span {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const from = Math.max(start, offset);
  let s = from;
  const e0 = endOfLine(text, from);
  while (s < e0 && (text[s] === ' ' || text[s] === '\t')) s++;
  let e = e0;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return { start: s, end: e };
}

const CONTROL = /^\{\{-?\s*(?:\/\*|if\b|else\b|end\b|range\b|with\b|define\b|block\b|break\b|continue\b|\$[\w]+\s*:?=)/;

/**
 * The template offset of line `n` of its rendered output: lines made only of control actions
 * (`{{- if }}`, `{{- end }}`, `{{- $x := … }}`) trimmed on the left render to nothing.
 */
export function templateOffsetOfRenderedLine(template: string, n: number): number {
  const t = blankActions(template);
  let offset = 0;
  let count = 0;
  let lastContent = 0;
  while (offset <= template.length) {
    const end = endOfLine(template, offset);
    const original = template.slice(offset, end);
    const blanked = t.blanked.slice(offset, end);
    const actions = actionsStartingIn(t, offset, end).filter((a) => a.end <= end);
    const vanishes = !blanked.trim() && actions.length > 0 && original.trimStart().startsWith('{{-') && actions.every((a) => CONTROL.test(template.slice(a.start, a.end)));
    if (!vanishes) {
      count++;
      lastContent = offset;
      if (count === n) return offset;
    }
    if (end >= template.length) break;
    offset = end + 1;
  }
  return lastContent;
}

// ---------------------------------------------------------------------------------------------
// Kustomize

function kustomizeError(unit: RenderUnit, stderr: string, text: (uri: string) => string | undefined): RenderErrorLocation {
  let body = stderr.trim();
  const klog = /err="((?:[^"\\]|\\.)*)"/.exec(body);
  if (klog) body = klog[1]!.replace(/\\(.)/g, '$1');
  body = body.replace(/^Error: /, '').replace(/^error: /, '');
  const files = unit.inputs;
  /** A path in the host's copy → the unit's file with the longest matching suffix. */
  const toUnit = (p: string): string | undefined => {
    const parts = p.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const suffix = '/' + parts.slice(i).map((s) => encodeURIComponent(s)).join('/');
      const hit = files.find((u) => u.endsWith(suffix)) ?? files.find((u) => dirname(u).endsWith(suffix) && (KUSTOMIZATION_NAMES as readonly string[]).includes(basename(u)));
      if (hit) return hit;
    }
    return undefined;
  };
  const relative = (p: string) => {
    const u = toUnit(p);
    if (!u) return p;
    const dir = dirname(unit.rootUri);
    return decodeURIComponent(u.startsWith(dir + '/') ? u.slice(dir.length + 1) : u);
  };
  const absolute = /\/[^\s'":]+/g;
  const paths = [...body.matchAll(absolute)].map((m) => m[0]);
  const cause = body.replace(absolute, (p) => relative(p));
  // The deepest kustomization named (`recursed accumulation of path '…'`, `couldn't make target for path '…'`).
  const dirs = [...body.matchAll(/(?:recursed accumulation of path|make target for path) '([^']+)'/g)].map((m) => m[1]!);
  const innermostDir = dirs.length > 0 ? dirs[dirs.length - 1] : undefined;
  let kUri = innermostDir ? toUnit(innermostDir) : undefined;
  if (kUri && !(KUSTOMIZATION_NAMES as readonly string[]).includes(basename(kUri))) kUri = undefined;
  kUri ??= unit.fileUri;
  const kText = text(kUri) ?? '';
  const message = `${toolLabel(unit)} failed: ${shorten(lastCause(cause))}`;
  // invalid Kustomization: yaml: line N
  const yamlLine = /invalid Kustomization: yaml: line (\d+)/.exec(body);
  if (yamlLine) return { uri: kUri, span: lineSpan(kText, lineStart(kText, Number(yamlLine[1]))), message };
  // accumulating resources from 'entry': the innermost entry, in the innermost kustomization.
  const entries = [...body.matchAll(/accumulating resources from '([^']+)'/g)].map((m) => m[1]!);
  const entry = entries[entries.length - 1];
  if (entry) {
    const at = findEntry(kText, entry);
    if (at) return { uri: kUri, span: at, message };
  }
  const patch = /strategic merge patch "?\\?"?([A-Za-z]+)\.[^/]*\/([^.\s"\\]+)/.exec(body);
  if (patch) {
    const name = patch[2]!;
    const at = findEntry(kText, 'patches') ?? undefined;
    const patchFile = files.find((u) => (text(u) ?? '').includes(`name: ${name}`) && /patch/i.test(basename(u)));
    if (patchFile) return { uri: patchFile, span: lineSpan(text(patchFile)!, (text(patchFile) ?? '').indexOf(`name: ${name}`)), message };
    if (at) return { uri: kUri, span: at, message };
  }
  void paths;
  return { uri: kUri, span: lineSpan(kText, 0), message };
}

/** kustomize wraps causes in contexts (`accumulating resources: accumulation err='…': …`): the end says what went wrong. */
function lastCause(s: string): string {
  const m = /(?:no such file or directory|must build at directory[^']*|no matches for Id [^;]+|invalid Kustomization: [^']*|[^:']+: unable to find [^']*|is not in or below [^']*|security; file [^']*)$/.exec(s);
  const accum = [...s.matchAll(/accumulating resources from '([^']+)'/g)].map((x) => x[1]!);
  const where = accum.length > 0 ? `resource '${accum[accum.length - 1]}': ` : '';
  if (m) return `${where}${m[0]}`;
  return s;
}

/** The span of a list entry (`- value`) or a key in a kustomization's text. */
function findEntry(text: string, value: string): Span | undefined {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^\\s*-\\s*["']?(${escaped})["']?\\s*$|^\\s*(${escaped})\\s*:`, 'm').exec(text);
  if (!m) return undefined;
  const start = m.index + m[0].indexOf(value);
  return { start, end: start + value.length };
}
