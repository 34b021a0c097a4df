import type { Problem } from './problem.ts';

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/**
 * Offset of the first syntax error in `text`, by a minimal JSON scan. Called only after JSON.parse failed:
 * V8 does not always say where ("Unexpected token '}', … is not valid JSON").
 */
function syntaxErrorOffset(text: string): number {
  let i = 0;
  const stop = Symbol('syntax error');
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const fail = (): never => {
    throw stop;
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) fail();
    i++;
  };
  const scanString = () => {
    expect('"');
    for (;;) {
      const char = text[i];
      if (char === undefined || char < ' ') fail();
      i++;
      if (char === '"') return;
      if (char !== '\\') continue;
      const escape = text[i] ?? '';
      if (escape === 'u') {
        i++;
        for (let k = 0; k < 4; k++) {
          if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
          i++;
        }
      } else if (escape !== '' && '"\\/bfnrt'.includes(escape)) i++;
      else fail();
    }
  };
  const scanSequence = (close: string, scanItem: () => void) => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      scanItem();
      skipSpace();
      if (text[i] !== ',') break;
      i++;
    }
    expect(close);
  };
  const scanValue = (): void => {
    skipSpace();
    const char = text[i];
    if (char === '{') {
      scanSequence('}', () => {
        skipSpace();
        scanString();
        skipSpace();
        expect(':');
        scanValue();
      });
    } else if (char === '[') scanSequence(']', scanValue);
    else if (char === '"') scanString();
    else if (char === 't' || char === 'f' || char === 'n') {
      for (const expected of char === 't' ? 'true' : char === 'f' ? 'false' : 'null') expect(expected);
    } else {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null) fail();
      else i += match[0].length;
    }
  };
  try {
    scanValue();
    skipSpace();
    return i;
  } catch (error) {
    if (error === stop) return i;
    throw error;
  }
}

export function parseJson(file: string, text: string, problems: Problem[]): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error))
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, ".*" is not valid JSON$/s, '');
    const { line, column } = lineAndColumn(text, syntaxErrorOffset(text));
    problems.push({ file, path: '', message: `invalid JSON at line ${line}, column ${column}: ${reason}` });
    return { ok: false };
  }
}
