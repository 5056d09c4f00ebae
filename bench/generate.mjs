/**
 * Synthetic GitOps workspaces for the bench: Deployments, Services (named and numeric
 * targetPorts) and Ingresses over many namespaces, several documents per file, with wiring that
 * crosses files. Deterministic (seeded), so two runs measure the same bytes.
 */
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = 23;

function deployment(ns, app, r) {
  const replicas = 1 + Math.floor(r() * 3);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app: ${app}
    team: team-${Math.floor(r() * 9)}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
        tier: backend
    spec:
      containers:
        - name: ${app}
          image: "registry.example.com/${app}:1.${Math.floor(r() * 20)}.0"
          args: ["--port=8080", "--metrics=9090"]
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
              protocol: TCP
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
`;
}

function service(ns, app, name, named, r) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${app}
spec:
  type: ${r() < 0.1 ? 'NodePort' : 'ClusterIP'}
  selector:
    app: ${app}
  ports:
    - name: http
      port: 80
      targetPort: ${named ? 'http' : 8080}
    - name: metrics
      port: 9090
      targetPort: ${named ? 'metrics' : 9090}
`;
}

function ingress(ns, app) {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${app}
  namespace: ${ns}
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx
  tls:
    - hosts:
        - ${app}.${ns}.example.com
      secretName: ${app}-tls
  rules:
    - host: ${app}.${ns}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${app}
                port:
                  name: http
`;
}

/** A big multi-document file (~20k lines) for when the corpus is absent: ConfigMaps with long data, Deployments, Services. */
function bigFile(r) {
  const docs = [];
  for (let i = 0; docs.length < 84; i++) {
    const ns = 'big';
    const app = `big-${i}`;
    docs.push(deployment(ns, app, r), service(ns, app, app, true, r));
    const lines = [];
    for (let j = 0; j < 700; j++) lines.push(`    line ${j}: ${'x'.repeat(Math.floor(r() * 40))}`);
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app}-config\n  namespace: ${ns}\ndata:\n  config.yaml: |\n${lines.join('\n')}\n`);
  }
  return docs.join('---\n');
}

/**
 * Writes a workspace of about `docs` documents under `dir`. Returns what the bench edits:
 * `small` (a two-document file whose Service targetPort is toggled), `big` (the 20k-line file),
 * `shared` (a Deployment whose container port name several Services in other files depend on).
 */
export function generateWorkspace(dir, docs, { bigSource } = {}) {
  const r = rng(docs);
  mkdirSync(dir, { recursive: true });
  let docCount = 0;
  let bytes = 0;
  let fileCount = 0;
  const write = (rel, text) => {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
    bytes += Buffer.byteLength(text);
    fileCount++;
  };

  // The edited files.
  write('edit/small.yaml', deployment('edit', 'small-app', r) + '---\n' + service('edit', 'small-app', 'small-app', true, r));
  docCount += 2;
  const sharedDependents = [];
  write('edit/shared-deployment.yaml', deployment('shared', 'shared-api', r));
  docCount += 1;
  for (let i = 0; i < 8; i++) {
    const rel = `edit/shared-service-${i}.yaml`;
    write(rel, service('shared', 'shared-api', `shared-api-${i}`, true, r));
    sharedDependents.push(rel);
    docCount += 1;
  }
  let bigText;
  let bigOrigin;
  if (bigSource && existsSync(bigSource)) {
    bigText = readFileSync(bigSource, 'utf8');
    bigOrigin = path.basename(bigSource);
  } else {
    bigText = bigFile(r);
    bigOrigin = 'synthetic';
  }
  write('edit/big.yaml', bigText);
  docCount += bigText.split(/^---(?=[ \t\r\n]|$)/m).filter((d) => /\S/.test(d)).length;

  // The rest: apps in namespaces, the documents of each app spread over files of 1-6 documents.
  const stream = [];
  let appIndex = 0;
  while (docCount + stream.length < docs) {
    const ns = `ns-${appIndex % NAMESPACES}`;
    const app = `app-${appIndex}`;
    stream.push(deployment(ns, app, r));
    stream.push(service(ns, app, app, r() < 0.6, r));
    if (r() < 0.3) stream.push(service(ns, app, `${app}-internal`, r() < 0.5, r));
    if (r() < 0.4) stream.push(ingress(ns, app));
    appIndex++;
  }
  stream.length = Math.max(0, docs - docCount);
  let at = 0;
  let fileIndex = 0;
  while (at < stream.length) {
    const n = 1 + Math.floor(r() * 6);
    const chunk = stream.slice(at, at + n);
    at += n;
    write(`apps/group-${fileIndex % 40}/file-${fileIndex}.yaml`, chunk.join('---\n'));
    docCount += chunk.length;
    fileIndex++;
  }
  return { dir, docs: docCount, files: fileCount, bytes, bigOrigin, sharedDependents };
}
