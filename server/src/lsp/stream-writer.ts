/**
 * The `--stdio` transport's message writer. vscode-jsonrpc's own writer frames each message in two
 * writes (the header, then the body) and holds a lock across both callbacks, so messages leave one
 * at a time, two stream callbacks each — the cost of the warm start's burst of one
 * publishDiagnostics per file. This one writes the header and the body as one buffer and lets the
 * stream keep the order (a Writable writes in call order and buffers what the pipe cannot take
 * yet); each write still resolves only when the stream has taken its message.
 */
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

export class FramedStreamWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (error: Error) => this.fireError(error));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let frame: Buffer;
    try {
      const body = Buffer.from(JSON.stringify(msg), 'utf8');
      frame = Buffer.concat([Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii'), body]);
    } catch (error) {
      this.fireError(error, msg, ++this.errorCount);
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.out.write(frame, (error?: Error | null) => {
        if (!error) {
          this.errorCount = 0;
          resolve();
          return;
        }
        this.fireError(error, msg, ++this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.out.end();
  }
}
