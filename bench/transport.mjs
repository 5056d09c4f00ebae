#!/usr/bin/env node
// The cost of a cold start's publishing over each transport: starts dist/server.js on a workspace
// over `--stdio` (spawned, the framed stream writer) and over `--node-ipc` (forked, process.send
// per message: what VS Code's TransportKind.ipc does), alternately, and prints per run the wall
// time to `kubePorts/indexed`, the server's main-thread CPU and its other threads' from /proc, and
// this client's CPU (reading and parsing the messages), then the medians per transport.
// Usage: node bench/transport.mjs WS [--runs 5] [--server dist/server.js] [--transports stdio,ipc]
import { fork, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const runs = Number(option('--runs', '5'));
const server = option('--server', 'dist/server.js');
const transports = option('--transports', 'stdio,ipc').split(',');
const ws = args[0];
if (!ws) throw new Error('usage: node bench/transport.mjs WS [--runs N] [--server PATH] [--transports stdio,ipc]');

function threadsCpu(pid) {
  let main = 0;
  let other = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      const f = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8').split(') ')[1].split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * 10;
      if (t === String(pid)) main = ms;
      else other += ms;
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return { main, other };
}

async function run(transport) {
  const before = process.cpuUsage();
  const t0 = performance.now();
  let p;
  let connection;
  if (transport === 'ipc') {
    p = fork(server, ['--node-ipc'], { silent: true });
    connection = createMessageConnection(new IPCMessageReader(p), new IPCMessageWriter(p));
  } else {
    p = spawn(process.execPath, [server, '--stdio'], { stdio: 'pipe' });
    connection = createMessageConnection(new StreamMessageReader(p.stdout), new StreamMessageWriter(p.stdin));
  }
  p.stderr.on('data', () => {});
  let published = 0;
  connection.onNotification('textDocument/publishDiagnostics', () => published++);
  connection.onRequest('workspace/configuration', (q) => q.items.map(() => ({})));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  const done = new Promise((resolve) => connection.onNotification('kubePorts/indexed', resolve));
  connection.listen();
  const uri = pathToFileURL(ws).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{ uri, name: 'ws' }],
    capabilities: { workspace: { configuration: true } },
  });
  connection.sendNotification('initialized', {});
  await done;
  const wall = performance.now() - t0;
  const cpu = threadsCpu(p.pid);
  const self = process.cpuUsage(before);
  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
  await new Promise((resolve) => (p.exitCode !== null ? resolve() : p.once('exit', resolve)));
  connection.dispose();
  return { transport, wall: Math.round(wall), published, main: cpu.main, other: cpu.other, client: Math.round((self.user + self.system) / 1000) };
}

const results = [];
for (let i = 0; i < runs; i++) {
  for (const t of transports) {
    const r = await run(t);
    results.push(r);
    console.log(JSON.stringify(r));
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const t of transports) {
  const rs = results.filter((r) => r.transport === t);
  console.log(`${t}: median of ${rs.length}: wall ${median(rs.map((r) => r.wall))} ms, server main ${median(rs.map((r) => r.main))} ms, other threads ${median(rs.map((r) => r.other))} ms, client ${median(rs.map((r) => r.client))} ms`);
}
console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
