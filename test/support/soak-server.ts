/**
 * The language server as `dist/server.js` runs it, plus one request for the soak script
 * (scripts/soak.ts) only: `kubePorts/soak/memory` forces a garbage collection (the process runs
 * with --expose-gc) and answers process.memoryUsage(). Not part of the shipped server.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../server/src/lsp/server';

const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
connection.onRequest('kubePorts/soak/memory', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return { ...process.memoryUsage(), gc: gc !== undefined };
});
startServer(connection);
