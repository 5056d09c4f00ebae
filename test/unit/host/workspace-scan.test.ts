/**
 * The initial scan (host/workspace-scan.ts): the worker thread (the bundled dist/scan-worker.js)
 * and the in-process scan hand over the same files in the same order, with the same read
 * results and auxiliary files; parsing workers hand each file over with the parse this thread
 * makes, and a workspace that adopts them is the one a cold load makes; a worker that fails
 * leaves the rest of the scan to the main thread without losing or repeating a file; a cancelled
 * scan stops.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { SCAN_BATCH, SCAN_WORKER_SCRIPT, scanWorkspace, type ScanBatch, type ScanOptions } from '../../../server/src/host/workspace-scan';
import { AUXILIARY_FILE } from '../../../server/src/lsp/render-service';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { parseClosedFile } from '../../../server/src/core/workspace/snapshot';
import { Workspace } from '../../../server/src/core/workspace/workspace';
import { fileUri } from '../../../server/src/host/manifest-files';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = SCAN_WORKER_SCRIPT(path.join(ROOT, 'dist'));

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-ports-scan-'));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  // More files than one batch, in nested folders.
  for (let i = 0; i < SCAN_BATCH * 2 + 5; i++) write(`apps/g${i % 7}/f${i}.yaml`, `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\n`);
  write('big.yaml', 'x: ' + 'y'.repeat(5000) + '\n');
  write('data.json', '{"not": "a manifest"}');
  write('skip/excluded.yaml', 'kind: Service\n');
  write('node_modules/dep/x.yaml', 'kind: Service\n');
  write('chart/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 1.0.0\n');
  write('chart/templates/_helpers.tpl', '{{- define "x" -}}{{- end -}}\n');
  write('chart/charts/sub-1.0.0.tgz', 'not really a tarball');
  write('overlay/Kustomization', 'resources: []\n');
  write('README.md', '# not a manifest\n');
  return dir;
}

async function collect(options: ScanOptions, script: string | undefined): Promise<ScanBatch[]> {
  const out: ScanBatch[] = [];
  for await (const b of scanWorkspace(options, script)) out.push(b);
  return out;
}

const flat = (batches: ScanBatch[]) => ({
  files: batches.flatMap((b) => b.files.map((f) => [f.path, f.result === undefined ? 'unchanged' : 'text' in f.result ? f.result.text : f.result.skipped])),
  auxiliary: batches.flatMap((b) => b.auxiliary),
});

test('the worker thread and the in-process scan hand over the same files, in the same order', async () => {
  assert.ok(existsSync(WORKER), `${WORKER} is built by npm run build`);
  const dir = workspace();
  try {
    const options: ScanOptions = { roots: [dir], exclude: ['skip/**'], maxFileSize: 1000, auxiliary: AUXILIARY_FILE };
    const inWorker = await collect(options, WORKER);
    const here = await collect(options, undefined);
    assert.deepEqual(flat(inWorker), flat(here));
    const { files, auxiliary } = flat(here);
    assert.equal(files.filter(([, r]) => typeof r === 'string' && r.startsWith('apiVersion')).length, SCAN_BATCH * 2 + 5 + 1);
    assert.deepEqual(Object.fromEntries(files.filter(([p]) => !String(p).includes('/apps/')).map(([p, r]) => [path.relative(dir, String(p)), r.length > 20 ? 'text' : r])), {
      'big.yaml': 'too-large',
      'data.json': 'not-manifest',
      'chart/Chart.yaml': 'text',
    });
    assert.deepEqual(auxiliary.map((p) => path.relative(dir, p)).sort(), ['chart/charts/sub-1.0.0.tgz', 'chart/templates/_helpers.tpl', 'overlay/Kustomization']);
    // In batches, so the server can serve messages between them.
    assert.ok(inWorker.length >= 3 && inWorker.every((b) => b.files.length <= SCAN_BATCH));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker that fails: the scan goes on in process, every file once, and the failure is reported', async () => {
  const dir = workspace();
  const broken = path.join(dir, 'broken-worker.js');
  writeFileSync(broken, 'throw new Error("no scanning today");\n');
  try {
    const options: ScanOptions = { roots: [path.join(dir, 'apps')], exclude: [], maxFileSize: 10_000 };
    const batches = await collect(options, broken);
    const paths = flat(batches).files.map(([p]) => p);
    assert.equal(paths.length, SCAN_BATCH * 2 + 5);
    assert.equal(new Set(paths).size, paths.length);
    assert.ok(batches.some((b) => b.errors.some((e) => /no scanning today/.test(e.error))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cancelled scan stops handing over files', async () => {
  const dir = workspace();
  try {
    for (const script of [WORKER, undefined]) {
      const scan = scanWorkspace({ roots: [dir], exclude: [], maxFileSize: 10_000 }, script);
      let batches = 0;
      for await (const b of scan) {
        assert.ok(b.files.length > 0);
        batches++;
        scan.cancel();
      }
      assert.equal(batches, 1, String(script));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a warm start\'s reader: files it calls unchanged are listed unread, in process even when a worker script is given', async () => {
  const dir = workspace();
  try {
    const asked: string[] = [];
    const read = (file: string) => {
      asked.push(file);
      return file.includes('/g0/') ? ('unchanged' as const) : { text: 'kind: Service\n' };
    };
    const batches = await collect({ roots: [dir], exclude: ['skip/**'], maxFileSize: 1000, auxiliary: AUXILIARY_FILE, read }, WORKER);
    const { files, auxiliary } = flat(batches);
    assert.equal(asked.length, files.length, 'every manifest file went through the reader (so it ran in this process)');
    assert.ok(files.some(([p, r]) => String(p).includes('/g0/') && r === 'unchanged'));
    assert.ok(files.every(([p, r]) => String(p).includes('/g0/') || r === 'kind: Service\n'));
    assert.equal(auxiliary.length, 3, 'auxiliary files are still listed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A folder with charts (templates), a kustomization claiming files, and many files of the bench's generator. */
async function parseWorkspace(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-ports-scan-parse-'));
  cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
  const { generateWorkspace } = (await import(path.join(ROOT, 'bench/generate.mjs'))) as { generateWorkspace: (dir: string, docs: number) => unknown };
  generateWorkspace(path.join(dir, 'generated'), 600);
  mkdirSync(path.join(dir, 'chart/templates'), { recursive: true });
  writeFileSync(path.join(dir, 'chart/Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 1.0.0\n');
  writeFileSync(path.join(dir, 'chart/templates/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  ports: [{port: 80}]\n');
  writeFileSync(path.join(dir, 'chart/templates/plain.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n');
  return dir;
}

const allObjects = (ws: Workspace) => ws.uris().sort().map((u) => [u, ws.objectsOf(u), ws.parsed(u)!.notes, ws.parsed(u)!.documents.map((d) => [d.span, d.broken])]);
const allFindings = (ws: Workspace) => ws.uris().sort().map((u) => [u, ws.findings(u)]);

test('parsing workers: each file read comes with its parse, the one this thread makes; taken over, the workspace is the one a cold load makes', async () => {
  const dir = await parseWorkspace();
  try {
    const settings = { defaultNamespace: DEFAULT_SETTINGS.defaultNamespace, maxFileSize: DEFAULT_SETTINGS.maxFileSize };
    const options: ScanOptions = { roots: [dir], exclude: [], maxFileSize: settings.maxFileSize, auxiliary: AUXILIARY_FILE, parse: settings, workers: 2 };
    const batches = await collect(options, WORKER);
    const files = batches.flatMap((b) => b.files);
    const read = files.filter((f) => f.result && 'text' in f.result);
    assert.ok(read.length > 100 && read.every((f) => f.parsed), 'every file read was parsed by a worker');
    // Same files as a scan that only reads, each once.
    assert.deepEqual(files.map((f) => f.path).sort(), flat(await collect({ ...options, parse: undefined }, undefined)).files.map(([p]) => String(p)).sort());
    for (const f of read) {
      const uri = fileUri(f.path);
      const text = (f.result as { text: string }).text;
      const here = parseClosedFile(uri, text, settings, f.parsed!.context);
      assert.deepStrictEqual(f.parsed!.parsed.objects, here.objects, uri);
      assert.deepStrictEqual(f.parsed!.parsed.notes, here.notes, uri);
    }
    const template = read.find((f) => f.path.endsWith('templates/svc.yaml'))!;
    assert.equal(template.parsed!.context.template, true, 'a chart template is parsed as one');

    // The worker's parses adopted (in the order the batches came) against a cold load of the same texts.
    const adopted = new Workspace();
    for (const f of read) adopted.adoptFile(f.parsed!, settings);
    const cold = new Workspace();
    for (const f of read) cold.setFile(fileUri(f.path), (f.result as { text: string }).text);
    assert.deepStrictEqual(allObjects(adopted), allObjects(cold));
    assert.deepStrictEqual(allFindings(adopted), allFindings(cold));
    // A parse whose settings are not the workspace's is parsed again, not taken.
    const other = new Workspace({ settings: { ...DEFAULT_SETTINGS, defaultNamespace: 'elsewhere' } });
    const first = read.find((f) => f.parsed!.parsed.objects.length > 0 && !f.parsed!.parsed.objects.some((o) => o.declaredNamespace))!;
    other.adoptFile(first.parsed!, settings);
    assert.ok(other.objectsOf(fileUri(first.path)).every((o) => o.namespace === 'elsewhere'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
