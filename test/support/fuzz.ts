/**
 * Fuzzing the core with fast-check: random manifests and random mutations of the example apps.
 * Shared by the short run in `npm test` and the long run of `npm run fuzz`.
 * Invariants: the core never throws; every range lies inside its document; results do not
 * depend on the order in which files are added; a service reference's host and port spans lie
 * inside a string of its object and cover exactly the host and port characters.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { applyEdits, type TextEdit } from '../../server/src/core/edits/text-edit';
import type { Finding } from '../../server/src/core/findings';
import { codeActions, workspaceEnv } from '../../server/src/core/features/code-actions/index';
import { documentSymbols, type OutlineNode } from '../../server/src/core/features/document-symbols';
import { isWorkload, type Span, spanOf } from '../../server/src/core/model/types';
import { splitDocuments } from '../../server/src/core/parse/split-documents';
import { callsFrom, referencesOf, type ServiceReference } from '../../server/src/core/references/service-references';
import { Workspace } from '../../server/src/core/workspace/workspace';

const EXAMPLES = path.resolve(__dirname, '../../examples');

function collect(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const full = path.join(dir, e);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (/\.ya?ml$/.test(e)) out.push(full);
  }
  return out;
}

/** The example apps' files, as texts. */
export const EXAMPLE_TEXTS: readonly string[] = collect(EXAMPLES).map((f) => readFileSync(f, 'utf8'));

/** A mutation of a text: what editing, copying and corrupting manifests looks like. */
const mutation = (text: string): fc.Arbitrary<string> => {
  const lines = text.split('\n');
  const lineIndex = fc.nat({ max: Math.max(0, lines.length - 1) });
  return fc.oneof(
    lineIndex.map((i) => lines.filter((_, j) => j !== i).join('\n')), // delete a line
    fc.tuple(lineIndex, fc.integer({ min: -4, max: 4 })).map(([i, d]) =>
      lines.map((l, j) => (j === i ? (d > 0 ? ' '.repeat(d) + l : l.slice(Math.min(-d, l.length - l.trimStart().length))) : l)).join('\n'),
    ), // shift indentation
    fc.tuple(lineIndex, lineIndex).map(([i, j]) => {
      const copy = [...lines];
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      return copy.join('\n');
    }), // swap lines
    fc.nat({ max: text.length }).map((n) => text.slice(0, n)), // truncate
    fc.tuple(fc.nat({ max: text.length }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(
      ([at, bytes]) => text.slice(0, at) + Buffer.from(bytes).toString('latin1') + text.slice(at),
    ), // random bytes
    fc.tuple(fc.nat({ max: text.length }), fc.constantFrom('{', '}', '[', ']', ':', '- ', '&a ', '*a', '!!int ', '"', "'", '\t', '\r\n', '---\n', '{{ .x }}', '\u0000')).map(
      ([at, s]) => text.slice(0, at) + s + text.slice(at),
    ), // YAML punctuation
  );
};

const PORT = fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.constantFrom('http', 'grpc', '"8080"', 'PORT', '0', '~', 'null'));
const NAME = fc.constantFrom('web', 'api', 'db', 'http', 'Bad_Name', '"quoted"');
const LABEL = fc.constantFrom('app: web', 'app: api', 'tier: fe', 'app: db');

/** Strings that hold (or almost hold) service references, in every YAML style the finder maps. */
const REFERENCE = fc.constantFrom(
  'web:80',
  'http://api.b:8080/x',
  'web.a.svc.cluster.local:5432',
  '_http._tcp.web.a.svc.cluster.local',
  '$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT)',
  '$(HOST):80',
  '$$(HOST):80',
  'x=web:1,api.b:2',
  'redis://:p@db:6379/0',
  'mongodb://u:p@web-0.web:27017,web-1.web:27017/x',
  'web',
  'api.a',
  'jdbc:postgresql://db:5432/x',
  'web:',
  ':80',
  'http://',
  '$(',
  'web:99999999',
);
const QUOTING = fc.constantFrom('plain', 'double', 'single', 'escaped', 'doubled', 'literal', 'folded');
function written(value: string, style: string, indent: string): string {
  switch (style) {
    case 'double':
      return `"${value}"`;
    case 'single':
      return `'${value}'`;
    case 'escaped':
      return `"\\t${value}\\u0041"`;
    case 'doubled':
      return `'it''s ${value}'`;
    case 'literal':
      return `|\n${indent}  upstream ${value};\n${indent}    more ${value}`;
    case 'folded':
      return `>-\n${indent}  first ${value}\n${indent}  second ${value}`;
    default:
      return /^[$:]/.test(value) ? `"${value}"` : value;
  }
}
const ENV = fc.array(fc.tuple(fc.constantFrom('HOST', 'WEB_ADDR', 'X', 'API_URL'), REFERENCE, QUOTING), { maxLength: 3 });

/** Random manifests built from the fields kube-ports reads, with odd values. */
export const randomManifest: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('Service', 'Deployment', 'Pod', 'StatefulSet', 'Endpoints', 'Ingress', 'DaemonSet', 'CronJob', 'HTTPRoute', 'Gateway', 'NetworkPolicy', 'ReferenceGrant', 'Namespace', 'ConfigMap'),
    NAME,
    fc.constantFrom('', 'namespace: a', 'namespace: b'),
    fc.array(fc.tuple(NAME, PORT, PORT, PORT), { maxLength: 3 }),
    fc.array(LABEL, { maxLength: 2 }),
    fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', '"None"'),
    ENV,
  )
  .map(([kind, name, ns, ports, labels, type, env]) => {
    const labelBlock = labels.length ? `{${labels.join(', ')}}` : '{}';
    const portLines = ports.map(([n, p, t, np]) => `  - {name: ${n}, port: ${p}, targetPort: ${t}, nodePort: ${np}, containerPort: ${p}, hostPort: ${np}}`);
    const envLines = env.map(([k, v, q]) => `        - name: ${k}\n          value: ${written(v, q, '          ')}`).join('\n');
    const envBlock = env.length ? `\n        envFrom: [{configMapRef: {name: ${name}}}]\n        args: [${env.map(([, v]) => JSON.stringify(v)).join(', ')}]\n        env:\n${envLines}` : '';
    const podSpec = `containers:\n      - name: c${envBlock}\n        ports:\n${portLines.map((l) => '      ' + l.replace('  - ', '  - ')).join('\n') || '        []'}`;
    switch (kind) {
      case 'ConfigMap':
        return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, ${ns || 'labels: {}'}}\ndata:\n${env.map(([k, v, q]) => `  ${k}: ${written(v, q, '  ')}`).join('\n') || '  {}'}\n`;
      case 'Service':
        return `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, ${ns || 'labels: {}'}}\nspec:\n  type: ${type}\n  selector: ${labelBlock}\n  ports:\n${portLines.join('\n') || '  []'}\n`;
      case 'Endpoints':
        return `apiVersion: v1\nkind: Endpoints\nmetadata: {name: ${name}}\nsubsets:\n- addresses: [{ip: 192.0.2.1}]\n  ports:\n${portLines.join('\n') || '  []'}\n`;
      case 'Ingress':
        return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ${name}}\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        backend: {service: {name: ${name}, port: {number: ${ports[0]?.[1] ?? 80}}}}\n`;
      case 'HTTPRoute':
        return `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, ${ns || 'labels: {}'}}\nspec:\n  parentRefs: [{name: gw, namespace: a, sectionName: ${name}}, {name: ${name}, port: ${ports[0]?.[1] ?? 80}}]\n  hostnames: [${name}.example.com]\n  rules:\n  - backendRefs:\n${ports.map(([n, p]) => `    - {name: ${n}, port: ${p}, namespace: ${ns ? 'b' : 'a'}}`).join('\n') || '    []'}\n`;
      case 'Gateway':
        return `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: a}\nspec:\n  listeners:\n${ports.map(([n, p]) => `  - {name: ${n}, port: ${p}, protocol: ${type === 'NodePort' ? 'HTTPS' : 'HTTP'}, hostname: "*.example.com", allowedRoutes: {namespaces: {from: ${type === 'ClusterIP' ? 'Same' : type === 'NodePort' ? 'All' : 'Selector'}, selector: {matchLabels: ${labelBlock}}}}}`).join('\n') || '  []'}\n`;
      case 'NetworkPolicy':
        return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, ${ns || 'labels: {}'}}\nspec:\n  podSelector: {matchLabels: ${labelBlock}}\n  ingress:\n  - from: [{podSelector: {matchLabels: ${labelBlock}}}, {namespaceSelector: {matchLabels: ${labelBlock}}}]\n    ports:\n${ports.map(([n, p, t]) => `    - {port: ${p}, endPort: ${t}}\n    - {port: ${n}}`).join('\n') || '    []'}\n  egress: [{ports: [{port: ${ports[0]?.[2] ?? 53}}]}]\n`;
      case 'ReferenceGrant':
        return `apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: ${name}, namespace: b}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: a}]\n  to: [{group: "", kind: Service, name: ${name}}]\n`;
      case 'Namespace':
        return `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns ? 'b' : 'a'}, labels: ${labelBlock}}\n`;
      case 'Pod':
        return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, labels: ${labelBlock}}\nspec:\n  ${podSpec}\n`;
      default:
        return `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: ${labelBlock}}\n  template:\n    metadata: {labels: ${labelBlock}}\n    spec:\n      ${podSpec.replace(/\n/g, '\n    ')}\n`;
    }
  });

/** A small workspace: 1–4 files, each an example (maybe mutated) or random manifests. */
const randomFiles: fc.Arbitrary<string[]> = fc.array(
  fc.oneof(
    fc.constantFrom(...EXAMPLE_TEXTS).chain((t) => fc.oneof(fc.constant(t), mutation(t), mutation(t).chain(mutation))),
    fc.array(randomManifest, { minLength: 1, maxLength: 3 }).map((docs) => docs.join('---\n')),
    randomManifest.chain(mutation),
  ),
  { minLength: 1, maxLength: 4 },
);

/** The file name of the optional kustomization in a fuzz workspace (the others are f0.yaml, f1.yaml, …). */
export const KUSTOMIZATION = 'kustomization.yaml';

/**
 * A workspace for `checkInvariants`: the files f0.yaml… and, in a third of the cases, a
 * kustomization (its own file name is the last entry, tagged) listing some of them as resources or
 * patches, with a namespace.
 */
export const randomWorkspace: fc.Arbitrary<string[]> = randomFiles.chain((texts) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(texts) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.subarray([...texts.keys()]), fc.subarray([...texts.keys()]), fc.constantFrom('', 'namespace: kust\n', 'namespace: a\n'))
        .map(([resources, patches, ns]) => [
          ...texts,
          `${KUSTOMIZATION}:apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${ns}resources:\n${resources.map((i) => `- f${i}.yaml\n`).join('') || '[]\n'}patches:\n${patches.map((i) => `- path: f${i}.yaml\n`).join('') || '[]\n'}`,
        ]),
    },
  ),
);

function inside(span: Span, length: number): boolean {
  return Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= length;
}

function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.uri} ${f.span.start}-${f.span.end} ${f.severity} ${f.rule} ${f.message} | ${f.related.map((r) => `${r.uri}:${r.span.start}`).join(',')}`).sort();
}

/** Checks the invariants on one workspace; throws (an assertion) when one does not hold. */
export function checkInvariants(entries: readonly string[]): void {
  const uris = entries.map((t, i) => (t.startsWith(`${KUSTOMIZATION}:`) ? `file:///fuzz/${KUSTOMIZATION}` : `file:///fuzz/f${i}.yaml`));
  const texts = entries.map((t) => (t.startsWith(`${KUSTOMIZATION}:`) ? t.slice(KUSTOMIZATION.length + 1) : t));
  const forward = new Workspace();
  texts.forEach((t, i) => forward.setFile(uris[i]!, t));
  const backward = new Workspace();
  [...texts.keys()].reverse().forEach((i) => backward.setFile(uris[i]!, texts[i]!));
  const lengthOf = new Map(uris.map((u, i) => [u, texts[i]!.length]));
  for (const uri of uris) {
    const findings = forward.findings(uri);
    for (const f of findings) {
      if (!inside(f.span, lengthOf.get(uri)!)) throw new Error(`finding ${f.rule} span ${f.span.start}-${f.span.end} outside ${uri} (${lengthOf.get(uri)})`);
      for (const r of f.related) if (!inside(r.span, lengthOf.get(r.uri) ?? -1)) throw new Error(`related span outside ${r.uri}`);
    }
    const a = summary(findings);
    const b = summary(backward.findings(uri));
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`findings depend on file order for ${uri}:\n${a.join('\n')}\n---\n${b.join('\n')}`);
    const walk = (n: OutlineNode) => {
      if (!inside(n.span, lengthOf.get(uri)!) || !inside(n.selectionSpan, lengthOf.get(uri)!)) throw new Error(`symbol ${n.name} outside ${uri}`);
      n.children.forEach(walk);
    };
    documentSymbols(forward.objectsOf(uri)).forEach(walk);
    checkReferenceSpans(forward, uri);
    checkCodeActions(forward, uri, findings);
  }
}

/**
 * A service reference's host and port spans never leave their string: each lies inside a string
 * scalar of the reference's object (its own string, or the env value a `$(VAR)` expanded), and
 * the characters there are exactly the host and the port.
 */
function checkReferenceSpans(ws: Workspace, uri: string): void {
  const text = ws.text(uri) ?? '';
  for (const o of ws.index.objectsIn(uri)) {
    for (const r of referencesOf(ws.index, o, ws.settings)) {
      const strings: Span[] = [spanOf(r.site.value)];
      if (isWorkload(o)) for (const c of o.template?.containers ?? []) for (const e of c.env) if (e.value) strings.push(spanOf(e.value));
      for (const [what, span, chars] of [['host', r.hostSpan, r.host], ['port', r.portSpan, r.portText]] as const) {
        if (!span) continue;
        if (r.site.uri !== uri) throw new Error(`reference ${r.text} of ${uri} has its site in ${r.site.uri}`);
        if (!strings.some((s) => span.start >= s.start && span.end <= s.end)) throw new Error(`${what} span ${span.start}-${span.end} of ${r.text} leaves its string in ${uri}`);
        if (text.slice(span.start, span.end) !== chars) throw new Error(`${what} span of ${r.text} covers "${text.slice(span.start, span.end)}", not "${chars}" in ${uri}`);
      }
    }
  }
}

/**
 * Every code action offered for a file's findings (and at each finding's start, for refactors)
 * has edits inside its target text that do not overlap; applying them keeps every character
 * outside the edited spans and yields text that parses: no document that parsed before is broken
 * after, and no skip note appears.
 */
function checkCodeActions(ws: Workspace, uri: string, findings: readonly Finding[]): void {
  const env = workspaceEnv(ws);
  const diagnostics = findings.map((f) => ({ code: f.rule, span: f.span }));
  const spans = [{ start: 0, end: 0 }, ...findings.slice(0, 6).map((f) => f.span)];
  for (const span of spans) {
    const proposals = codeActions(env, { uri, span, diagnostics: span.start === 0 && span.end === 0 ? diagnostics : diagnostics.filter((d) => d.span.start <= span.end && span.start <= d.span.end) }, (id, e) => {
      throw new Error(`code action ${id} threw on ${uri}: ${String(e)}`);
    });
    for (const p of proposals) {
      for (const [target, edits] of Object.entries(p.edits)) {
        const before = ws.text(target) ?? '';
        checkEdits(`"${p.title}" on ${target}`, before, edits);
        const after = applyEdits(before, edits);
        const broken = (t: string) => {
          const probe = new Workspace();
          probe.setFile(target, t);
          const parsed = probe.parsed(target)!;
          return { broken: parsed.documents.filter((d) => d.broken).length, notes: parsed.notes.map((n) => n.code) };
        };
        const b = broken(before);
        const a = broken(after);
        if (a.broken > b.broken || (b.notes.length === 0 && a.notes.length > 0)) {
          throw new Error(`code action "${p.title}" breaks ${target}: ${JSON.stringify(a)} (before ${JSON.stringify(b)})\n--- before\n${before}\n--- after\n${after}`);
        }
      }
    }
  }
}

function checkEdits(what: string, text: string, edits: readonly TextEdit[]): void {
  const sorted = [...edits].sort((x, y) => x.span.start - y.span.start || x.span.end - y.span.end);
  let at = 0;
  for (const e of sorted) {
    if (!inside(e.span, text.length)) throw new Error(`${what}: edit ${e.span.start}-${e.span.end} outside the text (${text.length})`);
    if (e.span.start < at) throw new Error(`${what}: overlapping edits at ${e.span.start}`);
    at = e.span.end;
  }
  // Every character outside the edited spans is kept, in order.
  const after = applyEdits(text, edits);
  let i = 0;
  let j = 0;
  for (const e of sorted) {
    const keep = text.slice(i, e.span.start);
    if (after.slice(j, j + keep.length) !== keep) throw new Error(`${what}: text before ${e.span.start} changed`);
    j += keep.length + e.newText.length;
    i = e.span.end;
  }
  if (after.slice(j) !== text.slice(i)) throw new Error(`${what}: text after the last edit changed`);
}

/**
 * Kept service references (the memo per object, the resolutions per host) and kept findings (an
 * open file's findings per object, a closed file's findings) are exactly what a workspace built
 * from scratch computes. `a` is loaded as editors (every other file closed again) and every
 * reference and finding asked for; then each file gets `b`'s text appended as more documents (its
 * first documents are the same objects, whose references and findings are kept), then a digit of
 * its first document changes (the same length: the documents after it keep their objects, as when
 * a value is typed over), then edits change the length before later documents, which move (their
 * objects are copies with moved spans that keep their findings, and findings of other files
 * pointing into them are moved): a digit typed again, a comment line in front, a document in front
 * (every document's index changes), and back, two documents swapped and back; and then it becomes `b`'s text (or is removed), one
 * edit at a time; after each edit every object's references and calls, and every file's findings,
 * equal a fresh workspace's.
 */
export function checkKeptReferences(a: readonly string[], b: readonly string[]): void {
  const plain = (xs: readonly string[]) => xs.filter((t) => !t.startsWith(`${KUSTOMIZATION}:`));
  const from = plain(a);
  const to = plain(b);
  const uri = (i: number) => `file:///fuzz/f${i}.yaml`;
  const current = new Map<string, string>();
  const ws = new Workspace();
  const set = (i: number, text: string | undefined) => {
    if (text === undefined) {
      ws.removeFile(uri(i));
      current.delete(uri(i));
    } else {
      ws.setFile(uri(i), text, { open: true });
      current.set(uri(i), text);
    }
  };
  const span = (x: Span | undefined) => (x ? `${x.start}-${x.end}` : '-');
  const line = (r: ServiceReference) =>
    [r.site.uri, r.site.where, r.site.key, r.text, span(r.hostSpan), span(r.portSpan), r.status, r.target ? `${r.target.namespace}/${r.target.name}` : '-', r.servicePort ? r.servicePort.index : '-', r.direct, r.endpointsProblem ?? '-', ...r.services.map((s) => `${s.uri}@${s.span.start}`), '|', ...r.elsewhere.map((s) => `${s.uri}@${s.span.start}`)].join(' ');
  const finding = (f: Finding) => `${f.uri} ${f.span.start}-${f.span.end} ${f.severity} ${f.rule} ${f.message} | ${f.related.map((r) => `${r.uri}:${r.span.start}-${r.span.end} ${r.message}`).join(',')}`;
  const describe = (w: Workspace) =>
    [...current.keys()].sort().flatMap((u) => [
      ...w.index.objectsIn(u).flatMap((o) => [...referencesOf(w.index, o, w.settings).map(line), ...(isWorkload(o) ? callsFrom(w.index, o, w.settings).map((c) => `call ${o.name} ${line(c.reference)}`) : [])]),
      ...w.findings(u).map(finding),
    ]);
  const check = (step: string) => {
    const fresh = new Workspace();
    for (const [u, t] of current) fresh.setFile(u, t, { open: true });
    const kept = describe(ws).join('\n');
    const scratch = describe(fresh).join('\n');
    if (kept !== scratch) throw new Error(`kept references or findings differ from a fresh workspace's after ${step}:\n${kept}\n---\n${scratch}`);
  };
  from.forEach((t, i) => set(i, t));
  // Closed files keep their findings whole (no records per object): every other one.
  from.forEach((_, i) => i % 2 === 1 && ws.close(uri(i)));
  check('loading');
  for (let i = 0; i < Math.max(from.length, to.length); i++) {
    if (from[i] !== undefined && to[i] !== undefined) {
      const both = `${from[i]}\n---\n${to[i]}`;
      set(i, both);
      check(`appending to ${uri(i)}`);
      const typed = from[i]!.replace(/[0-9]/, (d) => String((Number(d) + 1) % 10));
      if (typed !== from[i]) {
        set(i, `${typed}\n---\n${to[i]}`);
        check(`typing over a digit of the first document of ${uri(i)}`);
      }
      const digit = from[i]!.search(/[0-9]/);
      const chunks = splitDocuments(both).map((c) => c.text);
      const swapped = chunks.length >= 3 && chunks[1]!.endsWith('\n') && chunks[2]!.endsWith('\n') ? [chunks[0], chunks[2], chunks[1], ...chunks.slice(3)].join('') : undefined;
      const longer: [string, string | undefined][] = [
        ['typing a digit again', digit >= 0 ? both.slice(0, digit) + both[digit] + both.slice(digit) : undefined],
        ['deleting it', both],
        ['a comment line in front', `# typed\n${both}`],
        ['a document in front', `kind: Pod\n---\n# typed\n${both}`],
        ['deleting them', both],
        // Documents that change places (reused from elsewhere): not moves, since lookups answer in source order.
        ['two documents swapped', swapped],
        ['swapped back', swapped && both],
      ];
      for (const [step, text] of longer) {
        if (text === undefined) continue;
        set(i, text);
        check(`${step} of ${uri(i)} (the later documents move)`);
      }
    }
    set(i, to[i]);
    check(`replacing ${uri(i)}`);
  }
}
