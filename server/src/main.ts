#!/usr/bin/env node
/**
 * The language server's entry point: `node dist/server.js --stdio` (also `--node-ipc`,
 * `--socket=<port>`, chosen by vscode-languageserver from the arguments).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { MessageMonitor } from './lsp/scheduler';
import { startServer } from './lsp/server';

if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
const monitor = new MessageMonitor();
startServer(createConnection(ProposedFeatures.all, { messageStrategy: monitor.strategy }), { monitor });
