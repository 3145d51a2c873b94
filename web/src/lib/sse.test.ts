import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

const FIGURES = 'event: figures\ndata: {"current": 3}\n\n';

describe('SseParser', () => {
  it('reads a named event', () => {
    expect(new SseParser().push(FIGURES)).toEqual([{ event: 'figures', data: '{"current": 3}' }]);
  });

  it('gives the same events however the stream is cut', () => {
    const text = `: alive\n\n${FIGURES}data: a\ndata: b\n\n`;
    const whole = new SseParser().push(text);
    const parser = new SseParser();
    const bits = [...text].flatMap((c) => parser.push(c));
    expect(bits).toEqual(whole);
    expect(whole).toEqual([
      { event: 'figures', data: '{"current": 3}' },
      { event: 'message', data: 'a\nb' },
    ]);
  });

  it('takes CRLF and CR line ends, a CRLF split across chunks too', () => {
    const parser = new SseParser();
    expect(parser.push('event: figures\r\ndata: 1\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ event: 'figures', data: '1' }]);
    expect(new SseParser().push('data: x\r\rdata: y\r\r')).toEqual([
      { event: 'message', data: 'x' },
      { event: 'message', data: 'y' },
    ]);
  });

  it('ignores comments (the keep-alive), unknown fields and events without data', () => {
    const parser = new SseParser();
    expect(parser.push(': alive\n\n')).toEqual([]);
    expect(parser.push('event: figures\nfoo: bar\n\n')).toEqual([]);
    // the event name does not leak into the next event
    expect(parser.push('data: z\n\n')).toEqual([{ event: 'message', data: 'z' }]);
  });

  it('keeps one leading space only, and a field without a colon is empty', () => {
    const parser = new SseParser();
    expect(parser.push('data:  two\ndata\ndata:none\n\n')).toEqual([
      { event: 'message', data: ' two\n\nnone' },
    ]);
  });

  it('keeps the last id and a retry of the event', () => {
    const parser = new SseParser();
    expect(parser.push('id: 7\nretry: 3000\ndata: a\n\ndata: b\n\n')).toEqual([
      { event: 'message', data: 'a', id: '7', retry: 3000 },
      { event: 'message', data: 'b', id: '7' },
    ]);
  });

  it('drops a byte-order mark at the start, and a half event on reset', () => {
    const parser = new SseParser();
    expect(parser.push('\ufeffdata: a\n\n')).toEqual([{ event: 'message', data: 'a' }]);
    parser.push('data: half');
    parser.reset();
    expect(parser.push('\ndata: new\n\n')).toEqual([{ event: 'message', data: 'new' }]);
  });
});

describe('SseParser line ends at chunk edges', () => {
  it('dispatches at a CR ending a chunk, and does not take the next LF for an empty line', () => {
    const parser = new SseParser();
    expect(parser.push('data: a\r\r')).toEqual([{ event: 'message', data: 'a' }]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.push('data: b\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: 'b' }]);
  });
});
