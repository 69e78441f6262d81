import { SseParser } from './sse';

describe('SseParser', () => {
  it('returns an event only once its blank line has arrived, across chunks', () => {
    const parser = new SseParser();
    expect(parser.push('event: text\ndata: {"text":')).toEqual([]);
    expect(parser.push('"Hel"}\n\nevent: turn\ndata: {}\n')).toEqual([
      { event: 'text', data: '{"text":"Hel"}' },
    ]);
    expect(parser.push('\n')).toEqual([{ event: 'turn', data: '{}' }]);
  });

  it('keeps the id, joins data lines, skips heartbeats and reads CRLF streams', () => {
    const parser = new SseParser();
    expect(parser.push(': heartbeat\r\n\r\nid: 42\r\nevent: journal\r\ndata: a\r\ndata: b\r\n\r\n')).toEqual([
      { event: 'journal', data: 'a\nb', id: '42' },
    ]);
  });

  it('names an event without an event line "message"', () => {
    expect(new SseParser().push('data: x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });
});
