/**
 * When the edits of open documents are analysed. Typing in one huge file must not freeze the rest
 * of the editor, so an edit is not analysed when it arrives:
 *
 * - **coalesced** — a document's queued edits are analysed once, from its latest text (the editor's
 *   document already holds every change); the stale versions are never analysed at all;
 * - **after pending requests** — analysis waits until the connection has dispatched every message
 *   already received (`MessageMonitor`), so a hover queued behind five edits is answered first;
 *   a request on a document that still has an edit queued analyses that document first, so it
 *   never answers from older text than the editor shows;
 * - **cancelled when stale** — publishing what an edit affected (its own file, then the files that
 *   depend on it) goes in small steps, each after the queue is idle again; when a newer version
 *   of a document arrives meanwhile, that document is analysed before anything else is published,
 *   and a file with an edit of its own still queued is never published from its older text.
 *
 * - **background work after edits** — work that is not an edit (applying a render outcome: parse
 *   the tool's output, re-index, hide the unit's inputs) waits in its own queue and runs one item
 *   per idle turn, only when no edit is queued; what it affected is published in the same small
 *   steps, after the edited documents.
 *
 * No timers: the order is the event loop's. Nothing here knows LSP beyond "a message was dispatched".
 */
import type { Message, MessageStrategy } from 'vscode-languageserver';

type NotificationResult = void | Promise<void>;

/** Counts the messages the connection dispatches (its `messageStrategy`), and sees requests first. */
export class MessageMonitor {
  /** Messages dispatched so far. */
  dispatched = 0;
  /** Called before a request's handler runs (the scheduler analyses the request's document, if queued). */
  beforeRequest: ((message: Message) => void) | undefined;

  readonly strategy: MessageStrategy = {
    handleMessage: (message: Message, next: (message: Message) => NotificationResult): NotificationResult => {
      this.dispatched++;
      if (this.beforeRequest && 'id' in message && 'method' in message) {
        try {
          this.beforeRequest(message);
        } catch {
          // Never lose a message to the scheduler: the request is handled regardless.
        }
      }
      return next(message);
    },
  };
}

/** The document of a request (`params.textDocument.uri`), when it names one. */
export function requestDocument(message: Message): string | undefined {
  const params = (message as { params?: unknown }).params;
  const doc = params && typeof params === 'object' ? (params as { textDocument?: { uri?: unknown } }).textDocument : undefined;
  return typeof doc?.uri === 'string' ? doc.uri : undefined;
}

export interface SchedulerHost {
  /** Re-parses and re-indexes the document from its current editor text; returns the URIs whose findings it may have changed (itself included). */
  analyse(uri: string): Iterable<string>;
  /** Publishes the diagnostics of these files. */
  publish(uris: readonly string[]): void;
  /** Runs after a burst of work is published (CodeLens / inlay-hint refresh); `reachedOthers` when files beyond the edited ones were affected. */
  settled?(reachedOthers: boolean): void;
  /** Background work threw (logged by the host). */
  failed?(error: unknown): void;
  /** True once the server shuts down: the queue stops. */
  stopped(): boolean;
}

/** Files published per step before the queue is checked again. */
const PUBLISH_STEP = 32;

export class AnalysisScheduler {
  /** Documents with an edit not yet analysed (insertion order). */
  private readonly queued = new Set<string>();
  /** Files whose diagnostics must be published (insertion order: edited documents first). */
  private readonly dirty = new Set<string>();
  private readonly edited = new Set<string>();
  /** Work that is not an edit (render outcomes), in arrival order; each returns what it affected. */
  private readonly background: (() => Iterable<string>)[] = [];
  private draining = false;

  constructor(
    private readonly host: SchedulerHost,
    private readonly monitor: MessageMonitor | undefined,
  ) {
    if (monitor) {
      monitor.beforeRequest = (message) => {
        const uri = requestDocument(message);
        if (uri !== undefined && this.queued.has(uri)) this.analyseNow(uri);
      };
    }
  }

  /** An open document changed: analyse it once the messages already received are handled. */
  schedule(uri: string): void {
    this.queued.add(uri);
    void this.drain();
  }

  /**
   * Runs `work` when the queue is idle and no edit waits (edits received meanwhile go first);
   * publishes what it returns in steps, like an edit's dependents.
   */
  runInBackground(work: () => Iterable<string>): void {
    this.background.push(work);
    void this.drain();
  }

  /** Forgets a queued edit (the document was closed, or analysed another way). */
  cancel(uri: string): void {
    this.queued.delete(uri);
  }

  /** The document has an edit that is not analysed yet. */
  isQueued(uri: string): boolean {
    return this.queued.has(uri);
  }

  /** Analyses a queued document now (a request is about to read it); its publishing stays queued. */
  analyseNow(uri: string): void {
    if (!this.queued.delete(uri)) return;
    this.markDirty(uri, this.host.analyse(uri));
  }

  private markDirty(uri: string, affected: Iterable<string>): void {
    this.edited.add(uri);
    // The edited document first, so its own diagnostics come before its dependents'.
    const rest = [...this.dirty];
    this.dirty.clear();
    this.dirty.add(uri);
    for (const u of affected) this.dirty.add(u);
    for (const u of rest) this.dirty.add(u);
  }

  /** Resolves once the connection has dispatched every message it had received (one idle turn of the event loop). */
  private idle(): Promise<void> {
    const monitor = this.monitor;
    return new Promise((resolve) => {
      let seen = monitor?.dispatched ?? 0;
      const check = () => {
        if (!monitor || monitor.dispatched === seen) resolve();
        else {
          seen = monitor.dispatched;
          setImmediate(check);
        }
      };
      setImmediate(check);
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    let reachedOthers = false;
    try {
      while (this.queued.size > 0 || this.dirty.size > 0 || this.background.length > 0) {
        await this.idle();
        if (this.host.stopped()) return;
        // A queued edit always goes before publishing: publishing after it would be stale.
        const next = this.queued.values().next();
        if (!next.done) {
          this.analyseNow(next.value);
          continue;
        }
        // Then the edits' own diagnostics, then background work (one item per turn).
        if (this.background.length > 0 && ![...this.dirty].some((u) => this.edited.has(u))) {
          const work = this.background.shift()!;
          let affected: Iterable<string> = [];
          try {
            affected = work();
          } catch (error) {
            // One failed item loses that item only; the queue goes on.
            this.host.failed?.(error);
          }
          for (const u of affected) {
            this.dirty.add(u);
            reachedOthers = true;
          }
          continue;
        }
        const step: string[] = [];
        for (const u of this.dirty) {
          this.dirty.delete(u);
          if (this.queued.has(u)) continue; // its own newer edit will publish it
          step.push(u);
          if (!this.edited.has(u)) reachedOthers = true;
          if (step.length >= PUBLISH_STEP) break;
        }
        this.host.publish(step);
      }
      this.edited.clear();
      this.host.settled?.(reachedOthers);
    } finally {
      this.draining = false;
      if ((this.queued.size > 0 || this.dirty.size > 0 || this.background.length > 0) && !this.host.stopped()) void this.drain();
    }
  }
}
