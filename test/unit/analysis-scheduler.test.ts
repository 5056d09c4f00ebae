/**
 * The LSP layer's analysis scheduler (server/src/lsp/scheduler.ts): background work (applying a
 * render outcome) never goes before an edit that is waiting, nor before the edit's own
 * diagnostics; what it affected is published after them, and a failing item loses itself only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnalysisScheduler, MessageMonitor } from '../../server/src/lsp/scheduler';

function harness() {
  const log: string[] = [];
  const monitor = new MessageMonitor();
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const scheduler = new AnalysisScheduler(
    {
      analyse: (uri) => {
        log.push(`analyse ${uri}`);
        return [uri, `${uri}-dependent`];
      },
      publish: (uris) => log.push(`publish ${uris.join(',')}`),
      settled: () => settle(),
      failed: (error) => log.push(`failed ${String(error)}`),
      stopped: () => false,
    },
    monitor,
  );
  return { log, scheduler, settled };
}

test('a render outcome that arrives before an edit is applied after the edit and its diagnostics', async () => {
  const { log, scheduler, settled } = harness();
  scheduler.runInBackground(() => {
    log.push('apply outcome');
    return ['chart/templates/svc.yaml', 'plain.yaml-dependent'];
  });
  scheduler.schedule('plain.yaml');
  await settled;
  assert.deepEqual(log, ['analyse plain.yaml', 'publish plain.yaml,plain.yaml-dependent', 'apply outcome', 'publish chart/templates/svc.yaml,plain.yaml-dependent']);
});

test('an edit that arrives while outcomes wait goes first; a failing outcome loses itself only', async () => {
  const { log, scheduler, settled } = harness();
  scheduler.runInBackground(() => {
    throw new Error('boom');
  });
  scheduler.runInBackground(() => {
    log.push('apply second');
    return ['b.yaml'];
  });
  scheduler.schedule('a.yaml');
  await settled;
  assert.deepEqual(log, ['analyse a.yaml', 'publish a.yaml,a.yaml-dependent', 'failed Error: boom', 'apply second', 'publish b.yaml']);
});
