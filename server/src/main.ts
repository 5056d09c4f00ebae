#!/usr/bin/env node
/**
 * The language server's entry point: `node dist/server.js --stdio` (also `--node-ipc`,
 * `--socket=<port>`; server-main.ts reads them). A small loader: it sets the V8 flags and starts
 * the scan worker (host/early-start.ts) first, then compiles and runs the server's bundle
 * (`dist/server-main.js`, server-main.ts) with its V8 code cache when `KUBE_PORTS_CODE_CACHE`
 * names a folder (host/code-cache.ts). Only node: modules here and in what it imports.
 */
import * as path from 'node:path';
import { CODE_CACHE_ENV, runBundle } from './host/code-cache';
import { earlyStart } from './host/early-start';

const early = earlyStart(__dirname);
runBundle(path.join(__dirname, 'server-main.js'), process.env[CODE_CACHE_ENV] || undefined, early.flags, (handle) => (early.codeCache = handle));
