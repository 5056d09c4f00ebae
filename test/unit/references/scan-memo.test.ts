/**
 * The scans remembered by content (references/scan.ts `scanCached`, host-names.ts `mentionsOf`'s
 * names per string) and parseHost's cluster-domain labels answer exactly what the uncached code
 * answered: `mentionsOf` against the former implementation (over scanCandidates, no cache) for
 * every workload and ConfigMap of the examples, the shared corpus when it is beside the checkout,
 * and hand cases; the scan of short and long strings, repeated and after eviction.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { isConfigMap, isWorkload, type K8sObject, type TextValue } from '../../../server/src/core/model/types';
import { parseFile } from '../../../server/src/core/parse/parse-file';
import { containerTexts, mentionsOf, parseHost, serviceOfLinkPrefix } from '../../../server/src/core/references/host-names';
import { MAX_CACHED, scanCached, scanCandidates } from '../../../server/src/core/references/scan';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = process.env.KUBE_PORTS_CORPUS || path.join(ROOT, '../shared/corpus');

function manifests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) manifests(full, out);
    else if (/\.(ya?ml|json)$/i.test(name)) out.push(full);
  }
  return out;
}

const parse = (file: string, text = readFileSync(file, 'utf8')) =>
  parseFile({ uri: pathToFileURL(file).href, text, fast: 'all', defaultNamespace: 'default', maxFileSize: DEFAULT_SETTINGS.maxFileSize }).objects;

/** mentionsOf as it was before the per-string memo: every string scanned, nothing remembered. */
function formerMentionsOf(o: K8sObject): string[] {
  const LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
  const LINK_HOST = /^\$\(([A-Z][A-Z0-9_]{0,100})_SERVICE_HOST\)$/;
  let texts: TextValue[] = [];
  if (isWorkload(o)) texts = (o.template?.containers ?? []).flatMap(containerTexts);
  else if (isConfigMap(o)) texts = o.data.map((d) => d.value);
  const names = new Set<string>();
  for (const t of texts) {
    for (const c of scanCandidates(t.value)) {
      const link = LINK_HOST.exec(c.host);
      if (link) {
        names.add(serviceOfLinkPrefix(link[1]!));
        continue;
      }
      const labels = c.host.split('.', 8).filter((l) => !l.startsWith('_'));
      const svc = labels.indexOf('svc');
      for (const l of svc >= 0 ? labels.slice(0, svc) : labels.slice(0, 3)) if (LABEL.test(l)) names.add(l);
    }
  }
  return [...names].sort();
}

function checkMentions(objects: readonly K8sObject[]): number {
  let checked = 0;
  for (const o of objects) {
    if (!isWorkload(o) && !isConfigMap(o)) continue;
    assert.deepEqual(mentionsOf(o), formerMentionsOf(o), `${o.uri} ${o.kind}/${o.name}`);
    checked++;
  }
  return checked;
}

const HAND = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: web
          command: [/bin/app, --upstream=cart:7070, '--db=jdbc:postgresql://pg.data.svc.cluster.local:5432/db']
          args: ['mongodb://a-0.mongo:27017,a-1.mongo:27017/x', $(REDIS_SERVICE_HOST), _grpc._tcp.api.shop.svc.cluster.local, svc]
          env:
            - {name: A, value: "true"}
            - {name: B, value: "http://user:pw@auth.shop:8080/login"}
            - {name: C, value: "$(A)-$(B)"}
            - {name: D, value: "cart"}
            - {name: E, value: "redis-master.shop.svc"}
            - {name: F, value: "  spaced  "}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: conf, namespace: shop}
data:
  upstream: "cart.shop:7070"
  list: "a:1,b:2; c=d:3"
  long: "${'http://x-'.repeat(40)}end.svc:80"
`;

test('mentionsOf answers what the uncached scan answered: hand cases, asked twice', () => {
  const objects = parse('/hand.yaml', HAND);
  assert.equal(checkMentions(objects), 2);
  // The same strings again (the memo answers): the same names.
  assert.equal(checkMentions(parse('/hand-again.yaml', HAND)), 2);
});

test('mentionsOf answers what the uncached scan answered: the examples', () => {
  const objects = manifests(path.join(ROOT, 'examples')).flatMap((f) => parse(f));
  assert.ok(checkMentions(objects) > 10);
});

test('mentionsOf answers what the uncached scan answered: the shared corpus (when beside the checkout)', () => {
  if (!existsSync(CORPUS)) return void process.stdout.write('# no ../shared/corpus here: the examples and hand cases only\n');
  const objects = manifests(CORPUS).flatMap((f) => parse(f));
  assert.ok(checkMentions(objects) > 100);
});

test('scanCached remembers short and long strings by content and answers what scanCandidates does', () => {
  const short = 'http://cart.shop:7070';
  const long = `${'a=b '.repeat(40)}redis:6379`;
  for (const s of [short, long, '', 'x', '$(A_SERVICE_HOST):$(A_SERVICE_PORT)']) {
    const first = scanCached(s);
    assert.deepEqual(first, scanCandidates(s), s);
    // A copy of the same content (another string object) finds the remembered answer.
    assert.equal(scanCached([...s].join('')), first, `remembered: ${s}`);
  }
});

test('scanCached stays right past its bound (the oldest entries go)', () => {
  const strings = Array.from({ length: MAX_CACHED + 50 }, (_, i) => `svc-${i}.ns-${i % 7}:${1000 + (i % 9000)}`);
  for (const s of strings) assert.deepEqual(scanCached(s), scanCandidates(s));
  for (const s of strings.slice(0, 100)) assert.deepEqual(scanCached(s), scanCandidates(s));
});

test('parseHost reads each cluster domain asked, alternating', () => {
  for (let round = 0; round < 2; round++) {
    assert.deepEqual(parseHost('api.shop.svc.cluster.local', 'cluster.local'), { kind: 'qualified', service: 'api', namespace: 'shop', pod: undefined, portName: undefined, fqdn: true });
    assert.deepEqual(parseHost('api.shop.svc.cluster.local', 'corp.example'), undefined);
    assert.deepEqual(parseHost('api.shop.svc.corp.example', 'corp.example'), { kind: 'qualified', service: 'api', namespace: 'shop', pod: undefined, portName: undefined, fqdn: true });
    assert.deepEqual(parseHost('api.shop.svc', ''), { kind: 'qualified', service: 'api', namespace: 'shop', pod: undefined, portName: undefined, fqdn: false });
    assert.deepEqual(parseHost('api.shop.svc.cluster.local', ''), undefined);
  }
});
