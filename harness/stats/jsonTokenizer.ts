// An incremental JSON tokenizer: text goes in chunk by chunk, structure comes out as events
// (start/end of objects and arrays, keys, scalar values). It holds one chunk and the token
// being read, never the whole document, so a webrtc-internals dump of hundreds of MB is read
// in bounded memory. Keys and strings are delivered whole (a string may span chunks).

export interface JsonEvents {
  startObject(): void;
  endObject(): void;
  startArray(): void;
  endArray(): void;
  key(name: string): void;
  value(value: string | number | boolean | null): void;
}

/** Malformed or truncated JSON; `offset` counts characters from the start of the text. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** A string longer than this is refused: no field of a stats dump comes near it, and it bounds memory. */
export const MAX_JSON_STRING = 64 * 1024 * 1024;
const MAX_DEPTH = 512;

const enum State {
  Value, // a value must come (after `:`, `,` in an array, at the start)
  ValueOrClose, // just after `[`
  Key, // a key must come (after `,` in an object)
  KeyOrClose, // just after `{`
  Colon,
  AfterValue, // `,` or the closing bracket
  Done, // the top-level value is complete: only whitespace may follow
  String,
  Number,
  Literal,
}

const OBJECT = 0;
const ARRAY = 1;
const NUMBER_SYNTAX = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const QUOTE_OR_BACKSLASH = /["\\]/g;

const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isNumberChar = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x45 || c === 0x65;
const isLetter = (c: number) => c >= 0x61 && c <= 0x7a;

export class JsonTokenizer {
  readonly #events: JsonEvents;
  #state = State.Value;
  readonly #stack: number[] = [];
  /** Characters in the chunks before the current one. */
  #consumed = 0;
  /** The token being read when a chunk ended inside it. */
  #parts: string[] = [];
  #partsLength = 0;
  #stringIsKey = false;
  #stringHasEscape = false;
  /** The chunk ended right after a backslash inside a string. */
  #escapePending = false;

  constructor(events: JsonEvents) {
    this.#events = events;
  }

  write(chunk: string): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      switch (this.#state) {
        case State.String:
          i = this.#readString(chunk, i);
          continue;
        case State.Number:
        case State.Literal:
          i = this.#readWord(chunk, i);
          continue;
        default:
          break;
      }
      const c = chunk.charCodeAt(i);
      if (isWhitespace(c)) {
        i++;
        continue;
      }
      this.#structural(chunk, i, c);
      i++;
    }
    this.#consumed += n;
  }

  /** The text is complete: anything left open is a truncation. */
  end(): void {
    if (this.#state === State.Number || this.#state === State.Literal) this.#finishWord(this.#consumed);
    if (this.#state === State.Done) return;
    if (this.#state === State.String) throw new JsonSyntaxError('the text ends inside a string', this.#consumed);
    if (this.#stack.length === 0 && this.#state === State.Value) throw new JsonSyntaxError('no JSON value (empty or only whitespace)', this.#consumed);
    throw new JsonSyntaxError(`the text ends inside ${this.#stack.length} unclosed object(s)/array(s)`, this.#consumed);
  }

  #structural(chunk: string, i: number, c: number): void {
    const state = this.#state;
    const at = this.#consumed + i;
    // `"` opens a key or a string value.
    if (c === 0x22) {
      if (state === State.Key || state === State.KeyOrClose) {
        this.#enterString(true);
        return;
      }
      if (state === State.Value || state === State.ValueOrClose) {
        this.#enterString(false);
        return;
      }
    } else if (c === 0x3a && state === State.Colon) {
      this.#state = State.Value;
      return;
    } else if (c === 0x2c && state === State.AfterValue) {
      this.#state = this.#stack[this.#stack.length - 1] === OBJECT ? State.Key : State.Value;
      return;
    } else if (
      (c === 0x7d && (state === State.AfterValue || state === State.KeyOrClose) && this.#top() === OBJECT) ||
      (c === 0x5d && (state === State.AfterValue || state === State.ValueOrClose) && this.#top() === ARRAY)
    ) {
      this.#stack.pop();
      this.#afterValue();
      if (c === 0x7d) this.#events.endObject();
      else this.#events.endArray();
      return;
    } else if (state === State.Value || state === State.ValueOrClose) {
      if (c === 0x7b || c === 0x5b) {
        if (this.#stack.length >= MAX_DEPTH) throw new JsonSyntaxError(`nested deeper than ${MAX_DEPTH} levels`, at);
        this.#stack.push(c === 0x7b ? OBJECT : ARRAY);
        this.#state = c === 0x7b ? State.KeyOrClose : State.ValueOrClose;
        if (c === 0x7b) this.#events.startObject();
        else this.#events.startArray();
        return;
      }
      if (isNumberChar(c) || isLetter(c)) {
        this.#state = isLetter(c) ? State.Literal : State.Number;
        this.#parts = [chunk[i]!];
        this.#partsLength = 1;
        return;
      }
    }
    throw new JsonSyntaxError(`unexpected ${describeChar(chunk, i)} at character ${at} (expected ${expected(state)})`, at);
  }

  #top(): number | undefined {
    return this.#stack[this.#stack.length - 1];
  }

  #afterValue(): void {
    this.#state = this.#stack.length === 0 ? State.Done : State.AfterValue;
  }

  #enterString(isKey: boolean): void {
    this.#state = State.String;
    this.#stringIsKey = isKey;
    this.#parts = [];
    this.#partsLength = 0;
    this.#stringHasEscape = false;
    this.#escapePending = false;
  }

  /** Reads string content from `start`; returns where reading stopped (after the closing quote, or the chunk's end). */
  #readString(chunk: string, start: number): number {
    let from = start;
    if (this.#escapePending) {
      // The previous chunk ended with a backslash: this first character is escaped.
      this.#escapePending = false;
      from = Math.min(start + 1, chunk.length);
    }
    QUOTE_OR_BACKSLASH.lastIndex = from;
    for (;;) {
      const match = QUOTE_OR_BACKSLASH.exec(chunk);
      if (!match) {
        this.#keep(chunk.slice(start));
        return chunk.length;
      }
      const j = match.index;
      if (chunk.charCodeAt(j) === 0x5c) {
        this.#stringHasEscape = true;
        if (j + 1 >= chunk.length) {
          this.#escapePending = true;
          this.#keep(chunk.slice(start));
          return chunk.length;
        }
        QUOTE_OR_BACKSLASH.lastIndex = j + 2;
        continue;
      }
      const raw = this.#partsLength === 0 ? chunk.slice(start, j) : this.#take(chunk.slice(start, j));
      this.#emitString(raw, this.#consumed + j);
      return j + 1;
    }
  }

  #keep(part: string): void {
    this.#partsLength += part.length;
    if (this.#partsLength > MAX_JSON_STRING) throw new JsonSyntaxError(`a string longer than ${MAX_JSON_STRING / 1024 / 1024} MB`, this.#consumed);
    this.#parts.push(part);
  }

  #take(last: string): string {
    this.#keep(last);
    const text = this.#parts.join('');
    this.#parts = [];
    this.#partsLength = 0;
    return text;
  }

  #emitString(raw: string, at: number): void {
    let text = raw;
    if (this.#stringHasEscape) {
      try {
        text = JSON.parse(`"${raw}"`) as string;
      } catch {
        throw new JsonSyntaxError(`a string with an invalid escape sequence ending at character ${at}`, at);
      }
    }
    if (this.#stringIsKey) {
      this.#state = State.Colon;
      this.#events.key(text);
    } else {
      this.#afterValue();
      this.#events.value(text);
    }
  }

  /** Numbers and true/false/null: collects their characters; a chunk may end inside one. */
  #readWord(chunk: string, start: number): number {
    const accepts = this.#state === State.Number ? isNumberChar : isLetter;
    let j = start;
    while (j < chunk.length && accepts(chunk.charCodeAt(j))) j++;
    this.#keep(chunk.slice(start, j));
    if (this.#partsLength > 64)
      throw new JsonSyntaxError(`a number or literal longer than 64 characters at character ${this.#consumed + start}`, this.#consumed + start);
    if (j < chunk.length) this.#finishWord(this.#consumed + j);
    return j;
  }

  #finishWord(at: number): void {
    const word = this.#take('');
    const isNumber = this.#state === State.Number;
    this.#afterValue();
    if (isNumber) {
      if (!NUMBER_SYNTAX.test(word)) throw new JsonSyntaxError(`'${word.slice(0, 20)}' is not a JSON number (before character ${at})`, at);
      this.#events.value(Number(word));
    } else if (word === 'true' || word === 'false' || word === 'null') {
      this.#events.value(word === 'null' ? null : word === 'true');
    } else {
      throw new JsonSyntaxError(`'${word.slice(0, 20)}' is not a JSON value (before character ${at})`, at);
    }
  }
}

function describeChar(chunk: string, i: number): string {
  const c = chunk.charCodeAt(i);
  return c >= 0x21 && c <= 0x7e ? `'${chunk[i]}'` : `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

function expected(state: State): string {
  switch (state) {
    case State.Key:
      return 'a key in double quotes';
    case State.KeyOrClose:
      return "a key or '}'";
    case State.Colon:
      return "':'";
    case State.AfterValue:
      return "',' or a closing bracket";
    case State.Done:
      return 'the end of the text';
    default:
      return 'a value';
  }
}
