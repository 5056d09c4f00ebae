/**
 * Finds the real rendering binaries for tests: `helm` and `kubectl` (kustomize built in), first in
 * the cache `npm run tools:install` fills (`$KUBE_PORTS_TOOLS_CACHE/bin`, default
 * `~/.cache/kube-ports/tools/bin`), then on PATH.
 *
 * A test that needs one calls `requireTool(t, 'helm')`: without the binary it is skipped with a
 * loud message on stderr, except under CI (`CI` set), where a missing binary fails the test, so
 * CI can never pass by skipping the render tests.
 */
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';

export type ToolName = 'helm' | 'kubectl' | 'kustomize';

export function toolsCacheDir(): string {
  return process.env.KUBE_PORTS_TOOLS_CACHE || path.join(homedir(), '.cache', 'kube-ports', 'tools');
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of a tool, or undefined when it is neither in the tools cache nor on PATH. */
export function findTool(name: ToolName): string | undefined {
  const cached = path.join(toolsCacheDir(), 'bin', name);
  if (executable(cached)) return cached;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/** The tool's path; skips the test loudly when it is missing (fails it under CI). */
export function requireTool(t: TestContext, name: ToolName): string | undefined {
  const found = findTool(name);
  if (found) return found;
  const message = `${name} not found (run \`npm run tools:install\`): render test skipped`;
  if (process.env.CI) throw new Error(`${message.replace(': render test skipped', '')}; CI must have it`);
  process.stderr.write(`\n*** SKIPPED: ${message} ***\n\n`);
  t.skip(message);
  return undefined;
}
