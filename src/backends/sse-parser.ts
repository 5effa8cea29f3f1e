/**
 * Incremental parser of a `text/event-stream` body (the OpenAI streaming format): feed it bytes as
 * they arrive, get each event's `data` payload once its blank line is seen. Handles CRLF, events
 * split across chunks, multi-line data and comment lines.
 *
 * @example
 * const parser = new SseParser();
 * parser.push('data: {"a":1}\n\ndata: [DONE]\n\n'); // ['{"a":1}', '[DONE]']
 */
export class SseParser {
  #buffer = '';
  #data: string[] = [];

  /** Parses `text`; returns the data payloads of the events it completed. */
  push(text: string): string[] {
    this.#buffer += text;
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const newline = this.#buffer.indexOf('\n', start);
      if (newline < 0) break;
      let line = this.#buffer.slice(start, newline);
      start = newline + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (this.#data.length > 0) out.push(this.#data.join('\n'));
        this.#data = [];
      } else if (line.startsWith('data:')) {
        this.#data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
      // other fields (event:, id:, retry:) and comments (":") are ignored
    }
    this.#buffer = this.#buffer.slice(start);
    return out;
  }

  /** Pending data at end of stream (an event without its final blank line). */
  flush(): string[] {
    const rest = this.push('\n\n');
    this.#buffer = '';
    return rest;
  }
}
