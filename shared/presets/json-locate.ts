// Where a path is in JSON text, and where JSON text first goes wrong, as line and column. JSON.parse
// gives neither in a portable way (each engine words its errors differently), and the options page
// needs both to show a preset's errors at their place. A small scanner, not a second parser of values:
// values still come from JSON.parse.

export interface JsonLocation {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  offset: number;
}

class JsonScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Visit = (path: ReadonlyArray<string | number>, offset: number) => void;

class Scanner {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly visit: Visit,
  ) {}

  run(): void {
    this.space();
    this.value([]);
    this.space();
    if (this.pos < this.text.length) this.fail('unexpected text after the end of the JSON value');
  }

  private fail(message: string): never {
    throw new JsonScanError(message, this.pos);
  }

  private space(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  private value(path: ReadonlyArray<string | number>): void {
    const ch = this.text[this.pos];
    if (ch === '{') return this.object(path);
    if (ch === '[') return this.array(path);
    if (ch === '"') return void this.string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!literal) this.fail(ch === undefined ? 'the JSON ends too early' : `unexpected ${JSON.stringify(ch)}: expected a value`);
    this.pos += literal[0].length;
  }

  private object(path: ReadonlyArray<string | number>): void {
    this.pos++;
    this.space();
    if (this.text[this.pos] === '}') return void this.pos++;
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') this.fail('expected a "key" in double quotes');
      const keyOffset = this.pos;
      const key = this.string();
      this.visit([...path, key], keyOffset);
      this.space();
      if (this.text[this.pos] !== ':') this.fail('expected ":" after the key');
      this.pos++;
      this.space();
      this.value([...path, key]);
      this.space();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === '}') return void this.pos++;
      this.fail('expected "," or "}" (a comma missing, or one too many?)');
    }
  }

  private array(path: ReadonlyArray<string | number>): void {
    this.pos++;
    this.space();
    if (this.text[this.pos] === ']') return void this.pos++;
    for (let index = 0; ; index++) {
      this.space();
      this.visit([...path, index], this.pos);
      this.value([...path, index]);
      this.space();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === ']') return void this.pos++;
      this.fail('expected "," or "]"');
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === '"') {
        this.pos++;
        return JSON.parse(this.text.slice(start, this.pos)) as string;
      }
      if (ch === '\\') this.pos++;
      else if (ch < ' ') this.fail('a control character (a line break?) inside a string');
      this.pos++;
    }
    this.pos = start;
    return this.fail('a string is not closed');
  }
}

export function offsetToLocation(text: string, offset: number): JsonLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function jsonSyntaxError(text: string): { message: string; location: JsonLocation } | undefined {
  try {
    new Scanner(text, () => {}).run();
    return undefined;
  } catch (error) {
    if (!(error instanceof JsonScanError)) throw error;
    return { message: `not valid JSON: ${error.message}`, location: offsetToLocation(text, error.offset) };
  }
}

/**
 * A locator for `text`: where the value at a path is written — the key for an object member, the value
 * for a list entry. For an absent path (a missing key) it gives the deepest ancestor that exists.
 */
export function jsonLocator(text: string): (path: ReadonlyArray<string | number>) => JsonLocation | undefined {
  const seen = new Map<string, number>();
  try {
    new Scanner(text, (p, offset) => {
      const key = JSON.stringify(p);
      if (!seen.has(key)) seen.set(key, offset);
    }).run();
  } catch {
    return () => undefined;
  }
  return (path) => {
    for (let depth = path.length; depth > 0; depth--) {
      const offset = seen.get(JSON.stringify(path.slice(0, depth)));
      if (offset !== undefined) return offsetToLocation(text, offset);
    }
    return offsetToLocation(text, Math.max(0, text.search(/\S/)));
  };
}

export function locateJsonPath(text: string, path: ReadonlyArray<string | number>): JsonLocation | undefined {
  return jsonLocator(text)(path);
}
