// The long fuzz run: `npm run fuzz [-- --runs N --seed S]`. Prints its figures.
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { checkInvariants, randomWorkspace } from '../test/support/fuzz';

const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' } } });
const numRuns = Number(values.runs ?? 100_000);
const seed = Number(values.seed ?? Date.now() % 2 ** 31);
const started = Date.now();
let docs = 0;
let bytes = 0;
const result = fc.check(
  fc.property(randomWorkspace, (texts) => {
    docs += texts.length;
    bytes += texts.reduce((n, t) => n + t.length, 0);
    checkInvariants(texts);
  }),
  { numRuns, seed },
);
const seconds = (Date.now() - started) / 1000;
console.log(`fuzz: ${result.numRuns} cases (${docs} files, ${(bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s, seed ${seed}`);
if (result.failed) {
  console.log(`FAILED after ${result.numRuns} cases; counterexample (shrunk ${result.numShrinks} times):`);
  console.log(JSON.stringify(result.counterexample, null, 2));
  console.log(String(result.errorInstance));
  process.exit(1);
}
console.log('fuzz: all invariants held');
