/**
 * The language server's bundle (`dist/server-main.js`), run by the entry `dist/server.js`
 * (main.ts: the V8 flags, the scan worker, the code cache) with its arguments: `--stdio` (also
 * `--node-ipc`, `--socket=<port>`, chosen by vscode-languageserver from the arguments). Over stdio, messages
 * are written by `FramedStreamWriter` (the messages of one turn in one write; what it holds is
 * written when the process exits) and `console` goes to the log, so nothing but messages reaches
 * stdout.
 */
// First: the entry's early start (the V8 flags, the scan worker, the code cache), or, when this
// bundle is run on its own, the same before the rest is loaded.
import { earlyStart } from './host/early-start';
import { format } from 'node:util';
import { createConnection, ProposedFeatures, type Connection, type MessageWriter } from 'vscode-languageserver/node';
import { MessageMonitor } from './lsp/scheduler';
import { startServer } from './lsp/server';
import { FramedStreamWriter } from './lsp/stream-writer';

const { prestartedScan, codeCache } = earlyStart(__dirname);

const transports = (a: string) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe');
if (!process.argv.some(transports)) process.argv.push('--stdio');
const stdio = process.argv.slice(2).find(transports) === '--stdio';

const monitor = new MessageMonitor();
const options = { messageStrategy: monitor.strategy };
// At run time createConnection wraps each of input and output only when it is a stream, so stdin
// stays a stream (and keeps the library's exit when it closes) beside our writer; its overloads
// list only the two matching pairs.
const createStdioConnection = createConnection as unknown as (
  factories: typeof ProposedFeatures.all, input: NodeJS.ReadableStream, output: MessageWriter, o: typeof options,
) => Connection;
const writer = stdio ? new FramedStreamWriter(process.stdout) : undefined;
// The library's `exit` handler calls process.exit in the turn the notification arrives in.
if (writer) process.on('exit', () => writer.flush());
const connection = writer
  ? createStdioConnection(ProposedFeatures.all, process.stdin, writer, options)
  : createConnection(ProposedFeatures.all, options);
if (stdio) logConsole(connection);
startServer(connection, { monitor, ...(prestartedScan ? { prestartedScan } : {}), ...(codeCache ? { codeCache } : {}) });

/** What vscode-languageserver does for its own stdio transport: `console` writes to the log, not stdout. */
function logConsole(c: Connection): void {
  const to = (log: (m: string) => void) => (...args: unknown[]) => log(format(...args));
  console.log = console.info = console.debug = console.trace = console.dir = to((m) => c.console.log(m));
  console.warn = to((m) => c.console.warn(m));
  console.error = to((m) => c.console.error(m));
}
