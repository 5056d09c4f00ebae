/**
 * host/render/tools.ts (which binary, from settings or PATH, version-checked), work-copy.ts
 * (what is read, from where, with open editors overlaid) and cache.ts.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RenderUnit } from '../../../server/src/core/render/types';
import { fileUri } from '../../../server/src/host/manifest-files';
import { RenderCache, cacheKey } from '../../../server/src/host/render/cache';
import type { RunRequest, RunResult, Runner } from '../../../server/src/host/render/run';
import { findTool, missingToolMessage, renderHostSettings } from '../../../server/src/host/render/tools';
import { collectInputs, KeptWorkCopy, mirrored, overlayCandidate, writeKustomizeWrapper, writeWorkCopy } from '../../../server/src/host/render/work-copy';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kp-host-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function fakeBinary(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, 0o755);
  return file;
}

/** A runner that answers version checks from a table and records every call. */
function fakeRunner(answers: Record<string, string>, calls: RunRequest[] = []): Runner {
  return async (r: RunRequest): Promise<RunResult> => {
    calls.push(r);
    const out = answers[path.basename(r.command)];
    if (out === undefined) return { kind: 'spawn-failed', error: 'ENOENT' };
    return { kind: 'exited', code: 0, signal: null, stdout: out, stderr: '', milliseconds: 1 };
  };
}

const noEnv = {};

test('settings: timeout in seconds (default 10 s), paths trimmed, garbage ignored', () => {
  assert.deepEqual(renderHostSettings(undefined), { timeoutMs: 10_000 });
  assert.deepEqual(renderHostSettings({ render: { timeout: 2.5 }, helm: { path: ' /opt/helm ' }, kustomize: { path: '/usr/bin/kubectl' } }), {
    helmPath: '/opt/helm',
    kustomizePath: '/usr/bin/kubectl',
    timeoutMs: 2500,
  });
  assert.deepEqual(renderHostSettings({ render: { timeout: -1 }, helm: { path: 42 } }), { timeoutMs: 10_000 });
});

test('helm is found on PATH and version-checked; Helm 2 and a non-helm binary are refused', async (t) => {
  const dir = tempDir(t);
  const helm = fakeBinary(path.join(dir, 'bin'), 'helm');
  const env = { PATH: `/nonexistent${path.delimiter}${path.join(dir, 'bin')}` };
  const calls: RunRequest[] = [];
  const found = await findTool('helm', { timeoutMs: 1000 }, fakeRunner({ helm: 'v4.1.4+g05fa379\n' }, calls), noEnv, env);
  assert.deepEqual(found, { found: { tool: 'helm', binary: 'helm', path: helm, version: 'v4.1.4+g05fa379' } });
  assert.deepEqual(calls.map((c) => [c.command, ...c.args]), [[helm, 'version', '--short']]);
  const old = await findTool('helm', { timeoutMs: 1000 }, fakeRunner({ helm: 'Client: v2.17.0+ga690bad\n' }), noEnv, env);
  assert.ok('missing' in old && /too old/.test(old.missing), JSON.stringify(old));
  const other = await findTool('helm', { timeoutMs: 1000 }, fakeRunner({ helm: 'hello\n' }), noEnv, env);
  assert.ok('missing' in other && /does not print a Helm version/.test(other.missing));
});

test('a missing binary says which setting and how to install; nothing is run', async () => {
  const calls: RunRequest[] = [];
  const r = await findTool('helm', { timeoutMs: 1000 }, fakeRunner({}, calls), noEnv, { PATH: '/nonexistent' });
  assert.deepEqual(r, { missing: missingToolMessage('helm') });
  assert.match(missingToolMessage('helm'), /kubePorts\.helm\.path/);
  assert.match(missingToolMessage('helm'), /helm\.sh/);
  assert.match(missingToolMessage('kustomize'), /kubePorts\.kustomize\.path/);
  assert.deepEqual(calls, []);
});

test('the configured path wins over PATH, must be absolute and executable; kubectl is recognised', async (t) => {
  const dir = tempDir(t);
  fakeBinary(path.join(dir, 'bin'), 'kustomize');
  const kubectl = fakeBinary(path.join(dir, 'opt'), 'kubectl');
  const env = { PATH: path.join(dir, 'bin') };
  const runner = fakeRunner({ kubectl: 'Client Version: v1.33.9\nKustomize Version: v5.6.0\n', kustomize: 'v5.5.0\n' });
  const configured = await findTool('kustomize', { kustomizePath: kubectl, timeoutMs: 1000 }, runner, noEnv, env);
  assert.deepEqual(configured, { found: { tool: 'kustomize', binary: 'kubectl', path: kubectl, version: 'kubectl v1.33.9 kustomize v5.6.0' } });
  const relative = await findTool('kustomize', { kustomizePath: 'bin/kustomize', timeoutMs: 1000 }, runner, noEnv, env);
  assert.ok('missing' in relative && /must be an absolute path/.test(relative.missing));
  const notThere = await findTool('helm', { helmPath: path.join(dir, 'nope'), timeoutMs: 1000 }, runner, noEnv, env);
  assert.ok('missing' in notThere && /not an executable file/.test(notThere.missing));
  const fromPath = await findTool('kustomize', { timeoutMs: 1000 }, runner, noEnv, env);
  assert.ok('found' in fromPath && fromPath.found.binary === 'kustomize');
});

test('kustomize falls back to kubectl on PATH; a kubectl without kustomize is refused', async (t) => {
  const dir = tempDir(t);
  const kubectl = fakeBinary(path.join(dir, 'bin'), 'kubectl');
  const env = { PATH: path.join(dir, 'bin') };
  const ok = await findTool('kustomize', { timeoutMs: 1000 }, fakeRunner({ kubectl: 'Client Version: v1.32.4\nKustomize Version: v5.5.0\n' }), noEnv, env);
  assert.ok('found' in ok && ok.found.path === kubectl && ok.found.binary === 'kubectl');
  const bare = await findTool('kustomize', { timeoutMs: 1000 }, fakeRunner({ kubectl: 'Client Version: v1.10.0\n' }), noEnv, env);
  assert.ok('missing' in bare && /no built-in kustomize/.test(bare.missing));
});

function unit(root: string, extra: Partial<RenderUnit> = {}): RenderUnit {
  return {
    id: `helm:${fileUri(root)}`,
    tool: 'helm',
    rootUri: fileUri(root),
    fileUri: fileUri(path.join(root, 'Chart.yaml')),
    name: 'demo',
    inputs: [],
    inputFolders: [fileUri(root)],
    ...extra,
  };
}

test('work copy: every file of an input folder, open editors overlaid, same absolute layout', (t) => {
  const ws = tempDir(t);
  const chart = path.join(ws, 'chart');
  mkdirSync(path.join(chart, 'templates'), { recursive: true });
  mkdirSync(path.join(chart, '.git'), { recursive: true });
  writeFileSync(path.join(chart, 'Chart.yaml'), 'name: demo\n');
  writeFileSync(path.join(chart, 'templates', 'svc.yaml'), 'on disk\n');
  writeFileSync(path.join(chart, 'templates', '_helpers.tpl'), '{{/* helpers */}}\n');
  writeFileSync(path.join(chart, '.git', 'HEAD'), 'ref\n');
  const open = new Map([
    [path.join(chart, 'templates', 'svc.yaml'), 'unsaved\n'],
    [path.join(chart, 'templates', 'new.yaml'), 'new, never saved\n'],
    [path.join(ws, 'elsewhere.yaml'), 'not an input\n'],
  ]);
  const overlay = { get: (p: string) => open.get(p), paths: () => open.keys() };
  const c = collectInputs({ unit: unit(chart), folders: [fileUri(ws)], overlay });
  assert.ok('files' in c, JSON.stringify(c));
  if (!('files' in c)) return;
  assert.deepEqual([...c.files.keys()].map((f) => path.relative(ws, f)).sort(), ['chart/Chart.yaml', 'chart/templates/_helpers.tpl', 'chart/templates/new.yaml', 'chart/templates/svc.yaml']);
  assert.equal(c.files.get(path.join(chart, 'templates', 'svc.yaml'))!.toString(), 'unsaved\n');
  const plain = collectInputs({ unit: unit(chart), folders: [fileUri(ws)] });
  assert.ok('digest' in plain && plain.digest !== c.digest, 'the unsaved text changes the digest');
  const again = collectInputs({ unit: unit(chart), folders: [fileUri(ws)], overlay });
  assert.ok('digest' in again && again.digest === c.digest, 'the digest is stable');

  const copy = writeWorkCopy(c.files);
  try {
    assert.equal(copy.at(path.join(chart, 'templates', 'svc.yaml')), mirrored(copy.dir, path.join(chart, 'templates', 'svc.yaml')));
    assert.equal(readFileSync(copy.at(path.join(chart, 'templates', 'svc.yaml')), 'utf8'), 'unsaved\n');
    assert.equal(path.relative(copy.at(chart), copy.at(path.join(ws, 'values', 'x.yaml'))), path.join('..', 'values', 'x.yaml'));
  } finally {
    copy.dispose();
  }
});

test('work copy: nothing outside the workspace folders is read', (t) => {
  const root = tempDir(t);
  const ws = path.join(root, 'ws');
  const outside = path.join(root, 'outside');
  mkdirSync(path.join(ws, 'chart'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(outside, 'secret.yaml'), 'secret\n');
  writeFileSync(path.join(ws, 'chart', 'Chart.yaml'), 'name: demo\n');
  symlinkSync(path.join(outside, 'secret.yaml'), path.join(ws, 'chart', 'link.yaml'));
  symlinkSync(outside, path.join(ws, 'chart', 'linkdir'));
  const c = collectInputs({ unit: unit(path.join(ws, 'chart')), folders: [fileUri(ws)] });
  assert.ok('files' in c);
  if ('files' in c) assert.deepEqual([...c.files.keys()].map((f) => path.relative(ws, f)), ['chart/Chart.yaml'], 'links out of the folder are not followed');
  const named = collectInputs({ unit: unit(path.join(ws, 'chart'), { inputs: [fileUri(path.join(outside, 'secret.yaml'))] }), folders: [fileUri(ws)] });
  assert.ok('problem' in named && /outside the workspace folders/.test(named.problem));
  const linked = collectInputs({ unit: unit(path.join(ws, 'chart'), { inputFolders: [], inputs: [fileUri(path.join(ws, 'chart', 'link.yaml'))] }), folders: [fileUri(ws)] });
  assert.ok('problem' in linked && /outside the workspace folders/.test(linked.problem), JSON.stringify(linked));
  const big = collectInputs({ unit: unit(path.join(ws, 'chart')), folders: [fileUri(ws)], maxBytes: 4 });
  assert.ok('problem' in big && /larger than/.test(big.problem));
});

/** Every file and folder under `dir` (relative, sorted), with each file's text: two copies compare equal when their trees do. */
function treeOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        out.push(`${path.relative(dir, full)}/`);
        walk(full);
      } else out.push(`${path.relative(dir, full)}: ${readFileSync(full, 'utf8')}`);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

test('kept copy: after edits, removals and additions it equals a fresh copy, writing only what changed', (t) => {
  const ws = tempDir(t);
  const chart = path.join(ws, 'chart');
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    writeFileSync(path.join(ws, rel), text);
  };
  write('chart/Chart.yaml', 'name: demo\n');
  write('chart/values.yaml', 'port: 80\n');
  write('chart/templates/svc.yaml', 'kind: Service\n');
  write('chart/templates/old.yaml', 'kind: ConfigMap\n');
  write('chart/files/conf/app.ini', 'a=1\n');
  const collect = (open: ReadonlyMap<string, string> = new Map()) => {
    const c = collectInputs({ unit: unit(chart), folders: [fileUri(ws)], overlay: { get: (p) => open.get(p), paths: () => open.keys() } });
    assert.ok('files' in c, JSON.stringify(c));
    return c as Extract<typeof c, { files: unknown }>;
  };
  const sameAsFresh = (kept: KeptWorkCopy, c: ReturnType<typeof collect>, what: string) => {
    const fresh = writeWorkCopy(c.files);
    try {
      assert.deepEqual(treeOf(path.join(kept.dir, 'fs')), treeOf(path.join(fresh.dir, 'fs')), what);
    } finally {
      fresh.dispose();
    }
  };

  const kept = new KeptWorkCopy();
  t.after(() => kept.dispose());
  const first = collect();
  assert.equal(kept.update(first), 5, 'the first update writes every file');
  sameAsFresh(kept, first, 'first render');
  assert.equal(kept.update(collect()), 0, 'unchanged inputs write nothing');

  // One unsaved edit: one file written, and the copy holds the editor's text.
  const values = path.join(chart, 'values.yaml');
  const edited = collect(new Map([[values, 'port: 8080\n']]));
  assert.equal(kept.update(edited), 1, 'a render after one edit writes one file');
  assert.equal(readFileSync(kept.at(values), 'utf8'), 'port: 8080\n');
  sameAsFresh(kept, edited, 'after an unsaved edit');

  // A removed template and a removed folder disappear (no empty folder is left); a new file in a new folder appears.
  rmSync(path.join(chart, 'templates', 'old.yaml'));
  rmSync(path.join(chart, 'files'), { recursive: true });
  write('chart/templates/extra/cm.yaml', 'kind: ConfigMap\n');
  const changed = collect(new Map([[values, 'port: 8080\n']]));
  assert.equal(kept.update(changed), 1);
  assert.ok(!existsSync(kept.at(path.join(chart, 'templates', 'old.yaml'))));
  assert.ok(!existsSync(kept.at(path.join(chart, 'files'))), 'the emptied folder is removed');
  sameAsFresh(kept, changed, 'after removals and additions');

  // Closing the editor: back to the saved text.
  const closed = collect();
  assert.equal(kept.update(closed), 1);
  assert.equal(readFileSync(kept.at(values), 'utf8'), 'port: 80\n');
  sameAsFresh(kept, closed, 'after the editor closed');

  // A file changed or removed inside the copy behind its back is written again.
  writeFileSync(kept.at(path.join(chart, 'Chart.yaml')), 'name: tampered, longer\n');
  rmSync(kept.at(path.join(chart, 'templates', 'svc.yaml')));
  assert.equal(kept.update(closed), 2);
  sameAsFresh(kept, closed, 'after changes inside the copy');

  kept.dispose();
  assert.ok(!existsSync(kept.dir), 'dispose removes the copy');
});

test('overlay candidates: the open files a unit can read (inside its folders, or named by it), no others', (t) => {
  const ws = tempDir(t);
  const chart = path.join(ws, 'chart');
  const values = path.join(ws, 'env', 'prod.yaml');
  const wanted = overlayCandidate(unit(chart, { valuesFiles: [fileUri(values)], inputs: [fileUri(path.join(ws, 'base', 'svc.yaml'))] }));
  assert.equal(wanted(path.join(chart, 'templates', 'new.yaml')), true);
  assert.equal(wanted(values), true);
  assert.equal(wanted(path.join(ws, 'base', 'svc.yaml')), true);
  assert.equal(wanted(path.join(ws, 'chart-other', 'x.yaml')), false, 'a sibling folder with the same prefix is not inside');
  assert.equal(wanted(path.join(ws, 'plain', 'app.yaml')), false);
});

test('kustomize wrapper: beside the unit, including it, with origin annotations; originBase in workspace terms', (t) => {
  const ws = tempDir(t);
  const copy = writeWorkCopy(new Map([[path.join(ws, 'overlays', 'prod', 'kustomization.yaml'), Buffer.from('resources: []\n')]]));
  try {
    const w = writeKustomizeWrapper(copy, path.join(ws, 'overlays', 'prod'));
    assert.equal(w.buildDir, copy.at(path.join(ws, 'overlays', '.kube-ports-render')));
    assert.equal(w.originBase, fileUri(path.join(ws, 'overlays', '.kube-ports-render')));
    const text = readFileSync(path.join(w.buildDir, 'kustomization.yaml'), 'utf8');
    assert.match(text, /resources:\n {2}- "\.\.\/prod"\n/);
    assert.match(text, /buildMetadata: \[originAnnotations\]/);
  } finally {
    copy.dispose();
  }
});

test('cache: memory and disk, across instances; corrupt or foreign entries are misses; only tool results are kept', (t) => {
  const dir = path.join(tempDir(t), 'cache');
  const key = cacheKey(['helm', 'v4', 'digest']);
  const other = cacheKey(['helm', 'v4', 'other']);
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.notEqual(key, cacheKey(['helm', 'v4d', 'igest']), 'parts are delimited');
  const a = new RenderCache(dir);
  a.set(key, { status: 'rendered', text: 'kind: Service\n', originBase: 'file:///w', milliseconds: 5 });
  a.set(other, { status: 'not-rendered', message: 'timed out' });
  assert.deepEqual(new RenderCache(dir).get(key), { status: 'rendered', text: 'kind: Service\n', originBase: 'file:///w', milliseconds: 5 });
  assert.equal(new RenderCache(dir).get(other), undefined);
  writeFileSync(path.join(dir, `${other}.json`), '{not json');
  assert.equal(new RenderCache(dir).get(other), undefined);
  writeFileSync(path.join(dir, `${other}.json`), JSON.stringify({ format: 'kube-ports-render-cache/1', key, outcome: { status: 'rendered', text: 'x' } }));
  assert.equal(new RenderCache(dir).get(other), undefined, 'an entry stored under another key');
  writeFileSync(path.join(dir, `${other}.json`), JSON.stringify({ format: 'kube-ports-render-cache/1', key: other, outcome: { status: 'rendered', text: 42 } }));
  assert.equal(new RenderCache(dir).get(other), undefined, 'a malformed outcome');
  const memoryOnly = new RenderCache();
  memoryOnly.set(key, { status: 'failed', stderr: 'Error: x' });
  assert.deepEqual(memoryOnly.get(key), { status: 'failed', stderr: 'Error: x' });
  assert.equal(new RenderCache('/nonexistent/dir/that/cannot/be/made\0').get(key), undefined);
});
