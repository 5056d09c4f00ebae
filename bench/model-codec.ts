/**
 * npm run bench:codec — what a parse costs on the main thread against what taking it over from
 * another thread costs (model-codec.ts), in process, CPU time, on the bench's generated
 * workspace (or `--dir DIR`): parse every file (as a cold start does), encode the snapshots
 * (what a parse worker or the cache writer does), decode them back (what the main thread
 * or a warm start does), and the JSON round trip the cache used before, for comparison.
 * Prints figures only.
 *
 *   npx tsx bench/model-codec.ts [--dir DIR] [--rounds 3]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { deepStrictEqual } from 'node:assert';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { parseFile, type ParsedFile } from '../server/src/core/parse/parse-file';
import { ValueDecoder, ValueEncoder } from '../server/src/core/workspace/model-codec';
import { decodeFile, encodeFile, restoreFile, snapshotOfFile } from '../server/src/core/workspace/snapshot';
import { fileUri } from '../server/src/host/manifest-files';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const dir = path.resolve(opt('dir', path.join(__dirname, '.work/ws-10000')));
const rounds = Number(opt('rounds', '3'));

function walk(d: string, out: string[] = []): string[] {
  for (const name of readdirSync(d).sort()) {
    const full = path.join(d, name);
    if (statSync(full).isDirectory()) {
      if (name !== '.git' && name !== 'node_modules') walk(full, out);
    } else if (/\.(ya?ml|json)$/i.test(name)) out.push(full);
  }
  return out;
}

const files = walk(dir).map((f) => ({ uri: fileUri(f), text: readFileSync(f, 'utf8') }));
const cpu = (run: () => void): number => {
  const t = process.cpuUsage();
  run();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
};
const context = { namespaceOverride: undefined, template: false };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const times: Record<string, number[]> = { parse: [], encode: [], decode: [], 'json stringify': [], 'json parse + restore': [] };
let parsed: ParsedFile[] = [];
let bytes = 0;
let jsonBytes = 0;
for (let r = 0; r < rounds; r++) {
  times.parse!.push(cpu(() => (parsed = files.map((f) => parseFile({ uri: f.uri, text: f.text, fast: 'all', defaultNamespace: DEFAULT_SETTINGS.defaultNamespace, maxFileSize: DEFAULT_SETTINGS.maxFileSize })))));
  let encoded!: ReturnType<ValueEncoder['finish']>;
  times.encode!.push(
    cpu(() => {
      const e = new ValueEncoder();
      for (const p of parsed) encodeFile(e, p, context, undefined);
      encoded = e.finish();
    }),
  );
  bytes = encoded.data.byteLength;
  let back: unknown[] = [];
  times.decode!.push(
    cpu(() => {
      const d = new ValueDecoder(encoded);
      back = parsed.map((p, i) => decodeFile(d, i, p.uri, p.text));
    }),
  );
  if (r === 0) {
    // The decoded model is the parsed one (syntax trees aside: they never cross).
    parsed.forEach((p, i) => {
      const b = back[i] as { file: { parsed: ParsedFile } } | undefined;
      if (!b) throw new Error(`${p.uri} did not decode`);
      deepStrictEqual(b.file.parsed.objects, p.objects);
    });
  }
  let lines: string[] = [];
  times['json stringify']!.push(cpu(() => (lines = parsed.map((p) => JSON.stringify(snapshotOfFile(p, context))))));
  jsonBytes = lines.reduce((n, l) => n + l.length, 0);
  times['json parse + restore']!.push(cpu(() => lines.forEach((l, i) => restoreFile(JSON.parse(l), parsed[i]!.uri))));
}
const docs = parsed.reduce((n, p) => n + p.documents.length, 0);
console.log(`${files.length} files, ${docs} documents, ${(files.reduce((n, f) => n + f.text.length, 0) / 1e6).toFixed(1)} M chars; encoded ${(bytes / 1e6).toFixed(1)} MB of tokens (+ strings), JSON ${(jsonBytes / 1e6).toFixed(1)} M chars`);
for (const [k, v] of Object.entries(times)) console.log(`${k.padEnd(22)} ${median(v).toFixed(0).padStart(6)} ms CPU (median of ${v.length}: ${v.map((x) => x.toFixed(0)).join(', ')})`);
