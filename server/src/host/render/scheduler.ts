/**
 * When units render: at most one render per unit at a time; a change of its inputs while it
 * renders cancels that render (its result is dropped) and renders again; edits while typing
 * wait for a pause (debounce), a save or a disk change renders at once; a few units render at a
 * time in the background. Nothing here runs on the caller's stack: `request` only sets timers.
 */
export interface SchedulerOptions<U> {
  /** Renders a unit; a render whose signal was aborted resolves to undefined (dropped). */
  readonly render: (unit: U, signal: AbortSignal) => Promise<unknown>;
  /** Called with each render's result unless it was cancelled or superseded. */
  readonly done: (unit: U, result: unknown) => void;
  readonly idOf: (unit: U) => string;
  /** Pause after the last edit before rendering (default 400 ms). */
  readonly debounceMs?: number;
  /** Renders at once across units (default 2). */
  readonly concurrency?: number;
  /** Busy state for progress reporting: the number of units waiting or rendering. */
  readonly onActivity?: (pending: number) => void;
  readonly onError?: (unit: U, error: unknown) => void;
}

interface UnitState<U> {
  unit: U;
  timer?: ReturnType<typeof setTimeout>;
  queued: boolean;
  running?: AbortController;
  /** Inputs changed while it was rendering: render again when it ends. */
  again: boolean;
}

export class RenderScheduler<U> {
  private readonly states = new Map<string, UnitState<U>>();
  private readonly queue: string[] = [];
  private running = 0;
  private disposed = false;

  constructor(private readonly options: SchedulerOptions<U>) {}

  /** Render `unit` soon: after the debounce when `typing`, else at once (queued behind the concurrency limit). */
  request(unit: U, typing = false): void {
    if (this.disposed) return;
    const id = this.options.idOf(unit);
    let state = this.states.get(id);
    if (!state) {
      state = { unit, queued: false, again: false };
      this.states.set(id, state);
    }
    state.unit = unit;
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    if (state.running) {
      // The render in progress reads stale inputs: stop it, and render again afterwards.
      state.running.abort();
      state.again = true;
    }
    if (typing) {
      state.timer = setTimeout(() => {
        state.timer = undefined;
        this.enqueue(id);
      }, this.options.debounceMs ?? 400);
      this.activity();
    } else this.enqueue(id);
  }

  /** Stop everything for a unit (it was removed, or must not render any more). */
  cancel(id: string): void {
    const state = this.states.get(id);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    state.running?.abort();
    state.again = false;
    this.states.delete(id);
    const i = this.queue.indexOf(id);
    if (i >= 0) this.queue.splice(i, 1);
    this.activity();
  }

  cancelAll(): void {
    for (const id of [...this.states.keys()]) this.cancel(id);
  }

  /** Units waiting, queued or rendering. */
  pending(): number {
    let n = 0;
    for (const s of this.states.values()) if (s.timer || s.queued || s.running) n++;
    return n;
  }

  /** Resolves when nothing is waiting or rendering (for the CLI and tests). */
  async idle(): Promise<void> {
    while (this.pending() > 0) await new Promise<void>((resolve) => (this.idleWaiters.push(resolve)));
  }

  private idleWaiters: (() => void)[] = [];

  dispose(): void {
    this.cancelAll();
    this.disposed = true;
  }

  private enqueue(id: string): void {
    const state = this.states.get(id);
    if (!state) return;
    if (state.running) {
      state.again = true;
      return;
    }
    if (!state.queued) {
      state.queued = true;
      this.queue.push(id);
    }
    this.activity();
    this.pump();
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 2;
    while (this.running < limit && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const state = this.states.get(id);
      if (!state) continue;
      state.queued = false;
      this.start(id, state);
    }
  }

  private start(id: string, state: UnitState<U>): void {
    const controller = new AbortController();
    state.running = controller;
    state.again = false;
    this.running++;
    const unit = state.unit;
    const finish = (result: unknown, failed?: unknown) => {
      this.running--;
      if (state.running === controller) state.running = undefined;
      const current = this.states.get(id) === state;
      if (current && !controller.signal.aborted) {
        if (failed !== undefined) this.options.onError?.(unit, failed);
        else if (result !== undefined) this.options.done(unit, result);
      }
      if (current && state.again && !state.timer) {
        state.again = false;
        this.enqueue(id);
      }
      this.activity();
      this.pump();
    };
    // Started from the event loop, never from the caller's stack.
    setImmediate(() => {
      if (controller.signal.aborted) return finish(undefined);
      this.options.render(unit, controller.signal).then(
        (r) => finish(r),
        (e) => finish(undefined, e ?? new Error('render failed')),
      );
    });
  }

  private activity(): void {
    const n = this.pending();
    this.options.onActivity?.(n);
    if (n === 0) for (const w of this.idleWaiters.splice(0)) w();
  }
}
