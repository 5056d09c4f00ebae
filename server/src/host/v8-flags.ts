/**
 * The V8 flags the server and the CLI set for their own process, before any of their work runs.
 *
 * `--no-turbo-inlining`: at a cold start the hot code (the parser, the extraction, the index, the
 * rules) is optimised by TurboFan on V8's background threads while the main thread still runs it.
 * With inlining, those compilations cost about as much CPU as the main thread's own work (1.1–1.3 s
 * against 1.0–1.2 s at the bench's 10k documents), and on two cores they take the main thread's
 * core away from it. Without inlining they cost about 0.7 s and the optimised code is no slower
 * for this work, which is many small functions called from many sites (measured in ARCHITECTURE.md,
 * Speed: cold start −5% at 10k, −12% on the corpus, edits and hovers unchanged).
 *
 * `KUBE_PORTS_V8_FLAGS` replaces the list (space-separated; empty: none), to measure or to turn
 * it off. V8 flags are per process, so the workers started later get them too.
 */
import * as v8 from 'node:v8';

export const DEFAULT_V8_FLAGS: readonly string[] = ['--no-turbo-inlining'];

/** The flags to set: `KUBE_PORTS_V8_FLAGS` when it is set (only `--` flags), else the defaults. */
export function v8Flags(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  const given = env.KUBE_PORTS_V8_FLAGS;
  if (given === undefined) return DEFAULT_V8_FLAGS;
  return given.split(/\s+/).filter((f) => f.startsWith('--'));
}

export function applyV8Flags(env: NodeJS.ProcessEnv = process.env, set: (flag: string) => void = v8.setFlagsFromString): readonly string[] {
  const flags = v8Flags(env);
  for (const f of flags) set(f);
  return flags;
}
