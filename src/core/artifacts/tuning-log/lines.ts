// Line-by-line reading for the JSON Lines formats (modelgate's tuning log, Optuna's journal), so a
// 100 MB log is parsed one line at a time from text fed in pieces, never held whole.
import type { ParseError, ParseResult } from '../types.ts';
import { MAX_LINE_ERRORS } from './common.ts';

/** A format read line by line: fed each line (its text without the line end), then asked for the result. */
export interface LineParser<T> {
  line(text: string, line: number): void;
  end(): ParseResult<T>;
}

/**
 * Splits text fed in pieces into numbered lines, whatever the pieces: at LF, one CR before it
 * dropped (CRLF files), and a final line end ends the last line rather than starting an empty one.
 */
export class LineSplitter {
  /** Text after the last LF so far, in pieces (joined once its LF arrives, so a long line is not re-copied per piece). */
  private partial: string[] = [];
  private number = 0;

  constructor(private readonly onLine: (text: string, line: number) => void) {}

  push(text: string): void {
    let start = 0;
    for (let lf = text.indexOf('\n'); lf !== -1; lf = text.indexOf('\n', start)) {
      let line = text.slice(start, lf);
      if (this.partial.length > 0) {
        line = this.partial.join('') + line;
        this.partial = [];
      }
      this.emit(line);
      start = lf + 1;
    }
    if (start < text.length) this.partial.push(start === 0 ? text : text.slice(start));
  }

  end(): void {
    if (this.partial.length > 0) this.emit(this.partial.join(''));
    this.partial = [];
  }

  private emit(line: string): void {
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, ++this.number);
  }
}

/** Parses a whole text with a line parser. */
export function parseLines<T>(parser: LineParser<T>, text: string): ParseResult<T> {
  const splitter = new LineSplitter((line, number) => parser.line(line, number));
  splitter.push(text);
  splitter.end();
  return parser.end();
}

/**
 * The errors of a line-by-line parse, bounded: only the first MAX_LINE_ERRORS + 1 are kept (all
 * that `lineErrorsSummary` lists or cites) and the rest counted, so a 100 MB file of the wrong
 * type costs no more memory than a small one.
 */
export class LineErrors {
  readonly kept: ParseError[] = [];
  count = 0;

  push(...errors: ParseError[]): void {
    for (const error of errors) {
      if (this.kept.length <= MAX_LINE_ERRORS) this.kept.push(error);
      this.count++;
    }
  }
}

/**
 * The text of a JSON Lines file kept while `lineErrorsSummary` may still need it: only when the
 * first error is a syntax error on line 1 does the summary ask whether the whole text is one JSON
 * document. Once line 1 is read without one, the kept lines are dropped and no more are kept.
 */
export class FirstLineSuspect {
  private lines: string[] | undefined = [];

  /** Called with each line before it is parsed; `errors` are those of the lines before it. */
  keep(text: string, line: number, errors: LineErrors): void {
    if (!this.lines) return;
    if (line > 1 && !(errors.kept[0]?.line === 1 && errors.kept[0].code === 'syntax')) {
      this.lines = undefined;
      return;
    }
    this.lines.push(text);
  }

  /** The kept text (line ends as LF, which changes nothing the summary looks at), or '' when dropped. */
  text(): string {
    return this.lines?.join('\n') ?? '';
  }
}
