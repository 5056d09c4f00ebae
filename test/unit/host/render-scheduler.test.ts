/**
 * host/render/scheduler.ts: one render per unit at a time, cancel-and-rerun on a change, debounce
 * while typing, a concurrency limit. Renders are fakes resolved by the test; nothing sleeps:
 * the tests wait for `idle()` or for the render they expect to start.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RenderScheduler } from '../../../server/src/host/render/scheduler';

interface Started {
  readonly unit: string;
  readonly signal: AbortSignal;
  resolve(result: string): void;
}

function harness(options: { debounceMs?: number; concurrency?: number } = {}) {
  const started: Started[] = [];
  const done: [string, unknown][] = [];
  let waiter: (() => void) | undefined;
  let running = 0;
  let maxRunning = 0;
  const scheduler = new RenderScheduler<string>({
    idOf: (u) => u,
    debounceMs: options.debounceMs ?? 5,
    concurrency: options.concurrency ?? 2,
    render: (unit, signal) =>
      new Promise((resolve) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        const finish = (r: string | undefined) => {
          running--;
          resolve(r);
        };
        signal.addEventListener('abort', () => finish(undefined), { once: true });
        started.push({ unit, signal, resolve: (r) => finish(r) });
        waiter?.();
      }),
    done: (unit, result) => done.push([unit, result]),
  });
  const nextStart = (count: number) =>
    new Promise<void>((resolve) => {
      if (started.length >= count) return resolve();
      waiter = () => {
        if (started.length >= count) {
          waiter = undefined;
          resolve();
        }
      };
    });
  return { scheduler, started, done, nextStart, maxRunning: () => maxRunning };
}

test('edits while typing are debounced into one render', async () => {
  const h = harness();
  h.scheduler.request('chart', true);
  h.scheduler.request('chart', true);
  h.scheduler.request('chart', true);
  await h.nextStart(1);
  h.started[0]!.resolve('r1');
  await h.scheduler.idle();
  assert.equal(h.started.length, 1);
  assert.deepEqual(h.done, [['chart', 'r1']]);
});

test('a change while rendering cancels that render, drops its result and renders again', async () => {
  const h = harness();
  h.scheduler.request('chart');
  await h.nextStart(1);
  h.scheduler.request('chart');
  assert.equal(h.started[0]!.signal.aborted, true, 'the stale render is cancelled');
  await h.nextStart(2);
  h.started[0]!.resolve('stale');
  h.started[1]!.resolve('fresh');
  await h.scheduler.idle();
  assert.deepEqual(h.done, [['chart', 'fresh']]);
});

test('at most one render per unit at a time, and the concurrency limit across units', async () => {
  const h = harness({ concurrency: 1 });
  h.scheduler.request('a');
  h.scheduler.request('b');
  h.scheduler.request('c');
  await h.nextStart(1);
  assert.deepEqual(h.started.map((s) => s.unit), ['a']);
  h.started[0]!.resolve('ra');
  await h.nextStart(2);
  h.started[1]!.resolve('rb');
  await h.nextStart(3);
  h.started[2]!.resolve('rc');
  await h.scheduler.idle();
  assert.equal(h.maxRunning(), 1);
  assert.deepEqual(h.done.map(([u]) => u), ['a', 'b', 'c']);
});

test('a cancelled unit reports nothing; a disposed scheduler starts nothing', async () => {
  const h = harness();
  h.scheduler.request('gone');
  await h.nextStart(1);
  h.scheduler.cancel('gone');
  h.started[0]!.resolve('late');
  await h.scheduler.idle();
  assert.deepEqual(h.done, []);
  h.scheduler.dispose();
  h.scheduler.request('after');
  await h.scheduler.idle();
  assert.equal(h.started.length, 1);
});

test('request returns before anything renders (never on the caller\'s stack)', async () => {
  const h = harness();
  h.scheduler.request('chart');
  assert.equal(h.started.length, 0);
  await h.nextStart(1);
  h.started[0]!.resolve('r');
  await h.scheduler.idle();
  assert.deepEqual(h.done, [['chart', 'r']]);
});
