/**
 * The `--stdio` transport's message writer. vscode-jsonrpc's own writer frames each message in two
 * writes (the header, then the body) and holds a lock across both callbacks, so messages leave one
 * at a time, two stream callbacks each. This one frames each message (header and body) when it is
 * written and hands every frame written in the same turn to the stream as one write, at the end
 * of the turn (a microtask): a cold start's 2,859 publishDiagnostics were 2,859 socket writes
 * (the `write` system call and Node's write request per message, ~110–160 ms of the main thread),
 * now about one per batch of files. Order is the call order; each write resolves when the stream
 * has taken the write that carries its message, and rejects (and is reported, as before) when that
 * write fails. When the stream asks to wait (`write` returned false) the next frames are held until
 * it drains, and go in one write then. `flush()` hands over what is held at once (the process's
 * `exit`, `end()`).
 */
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

interface Pending {
  frames: string[];
  messages: Message[];
  resolves: (() => void)[];
  rejects: ((error: unknown) => void)[];
}

const emptyPending = (): Pending => ({ frames: [], messages: [], resolves: [], rejects: [] });

export class FramedStreamWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;
  private pending: Pending = emptyPending();
  private scheduled = false;
  private waitingForDrain = false;
  private closed = false;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (error: Error) => this.fireError(error));
    out.on('close', () => {
      // Nothing more drains: what is held is written now (and fails as the stream reports).
      this.closed = true;
      this.waitingForDrain = false;
      this.flush();
      this.fireClose();
    });
    out.on('drain', () => {
      if (!this.waitingForDrain) return;
      this.waitingForDrain = false;
      this.flush();
    });
  }

  write(msg: Message): Promise<void> {
    let frame: string;
    try {
      const body = JSON.stringify(msg);
      frame = `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    } catch (error) {
      this.fireError(error, msg, ++this.errorCount);
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const p = this.pending;
      p.frames.push(frame);
      p.messages.push(msg);
      p.resolves.push(resolve);
      p.rejects.push(reject);
      if (!this.scheduled && !this.waitingForDrain) {
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          if (!this.waitingForDrain) this.flush();
        });
      }
    });
  }

  /** Hands every frame held to the stream now, in one write. */
  flush(): void {
    const p = this.pending;
    if (p.frames.length === 0) return;
    this.pending = emptyPending();
    const data = p.frames.length === 1 ? p.frames[0] : p.frames.join('');
    const more = this.out.write(data, 'utf8', (error?: Error | null) => {
      if (!error) {
        this.errorCount = 0;
        for (const resolve of p.resolves) resolve();
        return;
      }
      for (let i = 0; i < p.messages.length; i++) {
        this.fireError(error, p.messages[i], ++this.errorCount);
        p.rejects[i](error);
      }
    });
    if (!more && !this.closed) this.waitingForDrain = true;
  }

  end(): void {
    this.flush();
    this.out.end();
  }
}
