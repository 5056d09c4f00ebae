import { test } from 'node:test';
import fc from 'fast-check';
import { checkInvariants, checkKeptReferences, randomWorkspace } from '../../support/fuzz';

// A short run on every `npm test`; `npm run fuzz` runs ≥ 100,000 cases.
test('the core never throws, keeps ranges inside documents, and ignores file order (fuzz)', () => {
  fc.assert(fc.property(randomWorkspace, (texts) => checkInvariants(texts)), { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 20261121) });
});

test('kept service references and findings equal a fresh workspace\'s after every edit (fuzz)', () => {
  fc.assert(fc.property(randomWorkspace, randomWorkspace, (a, b) => checkKeptReferences(a, b)), { numRuns: 100, seed: Number(process.env.FUZZ_SEED ?? 20261121) });
});
