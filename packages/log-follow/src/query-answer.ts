/**
 * Reads a Log Analytics query answer (`{"tables":[{"name","columns","rows":[[...],...]}]}`) from its
 * raw UTF-8 bytes without turning the whole answer into one string and one object tree: the rows of
 * the first table are found with a byte scan and parsed one at a time, so only one row's objects are
 * alive at once and a page leaves no large garbage behind.
 */
export interface QueryAnswerTable {
  columns: { name: string; type: string }[];
  /**
   * The answer's top-level `error`, when it has one beside its tables: an HTTP 200 with
   * `error.code` PartialError means the rows may be incomplete.
   */
  error?: QueryAnswerError;
  /** The rows, parsed one at a time, in order. */
  rows(): IterableIterator<unknown[]>;
}

export interface QueryAnswerError {
  code?: string;
  message?: string;
  correlationId?: string;
  details?: QueryAnswerError[];
  innererror?: QueryAnswerError;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** The first table of the answer, or undefined when it has none. Throws on bytes that are not JSON. */
export function readQueryAnswer(bytes: Buffer): QueryAnswerTable | undefined {
  const span = findFirstTableRows(bytes);
  if (!span) {
    const whole = JSON.parse(bytes.toString('utf8')) as { tables?: { columns: { name: string; type: string }[]; rows: unknown[][] }[]; error?: QueryAnswerError };
    const table = whole.tables?.[0];
    if (!table) return undefined;
    return { columns: table.columns, error: whole.error, rows: () => table.rows.values() };
  }
  // The answer without its rows is small: parse it whole for the columns (and to check it is JSON).
  const envelope = JSON.parse(Buffer.concat([bytes.subarray(0, span.open + 1), bytes.subarray(span.close)]).toString('utf8')) as { tables: { columns: { name: string; type: string }[] }[]; error?: QueryAnswerError };
  return {
    columns: envelope.tables[0]!.columns,
    error: envelope.error,
    rows: () => rowsBetween(bytes, span.open + 1, span.close),
  };
}

/** Offsets of the `[` and `]` of tables[0].rows. */
function findFirstTableRows(bytes: Buffer): { open: number; close: number } | undefined {
  // For each open container, root first: its key in the parent object, or its index in the parent array.
  const keys: (string | number)[] = [];
  const isArray: boolean[] = [];
  const elements: number[] = [];
  let pendingKey: string | undefined;
  let rowsOpen = -1;
  const length = bytes.length;
  for (let at = 0; at < length; at++) {
    const byte = bytes[at]!;
    if (byte === QUOTE) {
      const start = at + 1;
      at = endOfString(bytes, start);
      if (rowsOpen < 0 && keys.length <= 3) {
        let next = at + 1;
        while (next < length && bytes[next]! <= 0x20) next++;
        pendingKey = bytes[next] === COLON ? bytes.toString('utf8', start, at) : undefined;
      }
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      const depth = keys.length;
      keys.push(depth === 0 ? '' : isArray[depth - 1] ? elements[depth - 1]!++ : (pendingKey ?? ''));
      isArray[depth] = byte === OPEN_ARRAY;
      elements[depth] = 0;
      pendingKey = undefined;
      // root object → "tables" array → its first object → "rows" array.
      if (rowsOpen < 0 && depth === 3 && byte === OPEN_ARRAY && keys[1] === 'tables' && isArray[1] && keys[2] === 0 && keys[3] === 'rows') rowsOpen = at;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      keys.pop();
      if (rowsOpen >= 0 && keys.length === 3) return { open: rowsOpen, close: at };
    }
  }
  return undefined;
}

/** Index of the closing quote of a string whose content starts at `from`. */
function endOfString(bytes: Buffer, from: number): number {
  for (let at = from; at < bytes.length; at++) {
    const byte = bytes[at]!;
    if (byte === BACKSLASH) at++;
    else if (byte === QUOTE) return at;
  }
  throw new SyntaxError('Unterminated string in the Log Analytics answer.');
}

/** Parses each element of the array content between `from` and `to` (exclusive), one at a time. */
function* rowsBetween(bytes: Buffer, from: number, to: number): Generator<unknown[]> {
  let depth = 0;
  let start = -1;
  for (let at = from; at < to; at++) {
    const byte = bytes[at]!;
    if (byte === QUOTE) {
      if (start < 0) start = at;
      at = endOfString(bytes, at + 1);
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (depth === 0) start = at;
      depth++;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    } else if (byte === 0x2c && depth === 0) {
      if (start >= 0) yield JSON.parse(bytes.toString('utf8', start, at)) as unknown[];
      start = -1;
    } else if (start < 0 && byte > 0x20) {
      start = at;
    }
  }
  if (start >= 0) yield JSON.parse(bytes.toString('utf8', start, to)) as unknown[];
}
