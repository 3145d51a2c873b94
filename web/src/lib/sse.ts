/**
 * Server-sent events read by hand: `EventSource` cannot send the Authorization header, so
 * the big screen reads the stream with fetch() and feeds its text here, chunk by chunk.
 * Follows the WHATWG event-stream rules: lines end in CRLF, LF or CR; `:` starts a
 * comment (the server's keep-alive); `data:` lines of one event are joined with "\n"; an
 * empty line dispatches the event (none when it had no data).
 */

export interface SseMessage {
  /** The `event:` field, "message" when the event named none. */
  event: string;
  data: string;
  /** The last `id:` seen on the stream so far, if any. */
  id?: string;
  /** A `retry:` field of this event (milliseconds), if it had one. */
  retry?: number;
}

export class SseParser {
  private buffer = '';
  private started = false;
  /** The last chunk ended in CR: a LF starting the next one belongs to it. */
  private skipLF = false;
  private event = '';
  private data: string[] = [];
  private hasData = false;
  private lastId: string | undefined;
  private retry: number | undefined;

  /** The events completed by this chunk (a chunk may end anywhere, even inside CRLF). */
  push(chunk: string): SseMessage[] {
    if (chunk.length === 0) return [];
    if (this.skipLF) {
      this.skipLF = false;
      if (chunk.startsWith('\n')) chunk = chunk.slice(1);
    }
    this.buffer += chunk;
    if (!this.started && this.buffer.length > 0) {
      this.started = true;
      if (this.buffer.charCodeAt(0) === 0xfeff) this.buffer = this.buffer.slice(1);
    }
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      const line = this.buffer.slice(start, i);
      if (c === '\r') {
        if (i === this.buffer.length - 1) this.skipLF = true;
        else if (this.buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
      const message = this.line(line);
      if (message) out.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /** Forget a half-read event (a new connection starts afresh). */
  reset(): void {
    this.buffer = '';
    this.started = false;
    this.skipLF = false;
    this.event = '';
    this.data = [];
    this.hasData = false;
    this.retry = undefined;
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (name) {
      case 'event':
        this.event = value;
        break;
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
    return null;
  }

  private dispatch(): SseMessage | null {
    const message: SseMessage | null = this.hasData
      ? {
          event: this.event || 'message',
          data: this.data.join('\n'),
          ...(this.lastId !== undefined ? { id: this.lastId } : {}),
          ...(this.retry !== undefined ? { retry: this.retry } : {}),
        }
      : null;
    this.event = '';
    this.data = [];
    this.hasData = false;
    this.retry = undefined;
    return message;
  }
}
