/**
 * The small part of KQL the emulated Log Analytics answers: `Table | where A == "x" and B startswith
 * "y" and T >= datetime(...) and T < datetime(...) | extend I = ingestion_time() | project A, B, I |
 * order by T asc, A desc | take N`. Anything else is a BadArgumentError, as the real service answers
 * a query it cannot run.
 */
export class KqlError extends Error {
  readonly innerCode: 'SyntaxError' | 'SemanticError';
  /** The innermost code: SEM0100 for a name that does not resolve (as recorded), SYN0002 for syntax. */
  readonly code: string;
  constructor(innerCode: 'SyntaxError' | 'SemanticError', message: string, code = innerCode === 'SyntaxError' ? 'SYN0002' : 'SEM0100') {
    super(message);
    this.innerCode = innerCode;
    this.code = code;
  }
}

/** Where a stored row keeps its ingestion time (what `ingestion_time()` returns); never a column of its own. */
export const INGESTION_TIME = '$ingestion_time';

export interface KqlColumn {
  name: string;
  type: 'string' | 'datetime' | 'long' | 'real' | 'bool' | 'dynamic' | 'guid';
}

export interface KqlTable {
  columns: KqlColumn[];
  rows: Record<string, unknown>[];
}

type Token = { kind: 'ident' | 'string' | 'number' | 'datetime' | 'op' | 'pipe' | 'comma'; text: string; value?: unknown };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < query.length) {
    const ch = query[at]!;
    if (/\s/.test(ch)) {
      at++;
    } else if (ch === '|') {
      tokens.push({ kind: 'pipe', text: ch });
      at++;
    } else if (ch === ',') {
      tokens.push({ kind: 'comma', text: ch });
      at++;
    } else if (ch === '"' || ch === "'") {
      let value = '';
      let index = at + 1;
      for (;;) {
        if (index >= query.length) throw new KqlError('SyntaxError', `Unterminated string literal at position ${at}.`);
        const c = query[index]!;
        if (c === ch) break;
        if (c === '\n') throw new KqlError('SyntaxError', `A newline in a string literal at position ${index}.`);
        if (c === '\\') {
          const next = query[index + 1];
          const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'" };
          if (next === undefined || !(next in escapes)) throw new KqlError('SyntaxError', `Unknown escape sequence at position ${index}.`);
          value += escapes[next];
          index += 2;
        } else {
          value += c;
          index++;
        }
      }
      tokens.push({ kind: 'string', text: query.slice(at, index + 1), value });
      at = index + 1;
    } else if (/\d/.test(ch)) {
      const match = /^\d+/.exec(query.slice(at))!;
      tokens.push({ kind: 'number', text: match[0], value: Number(match[0]) });
      at += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(query.slice(at))!;
      if (match[0] === 'ingestion_time' && query.startsWith('()', at + match[0].length)) {
        tokens.push({ kind: 'ident', text: 'ingestion_time()' });
        at += match[0].length + 2;
      } else if (match[0] === 'datetime' && query[at + match[0].length] === '(') {
        const end = query.indexOf(')', at);
        if (end < 0) throw new KqlError('SyntaxError', 'Unterminated datetime literal.');
        const inner = query.slice(at + match[0].length + 1, end).trim();
        const ms = Date.parse(inner);
        if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(inner) || Number.isNaN(ms)) throw new KqlError('SyntaxError', `Invalid datetime literal '${inner}'.`);
        tokens.push({ kind: 'datetime', text: query.slice(at, end + 1), value: inner });
        at = end + 1;
      } else {
        tokens.push({ kind: 'ident', text: match[0] });
        at += match[0].length;
      }
    } else {
      const match = /^(==|>=|<=|!=|=~|>|<|=)/.exec(query.slice(at));
      if (!match) throw new KqlError('SyntaxError', `Unexpected character '${ch}' at position ${at}.`);
      tokens.push({ kind: 'op', text: match[0] });
      at += match[0].length;
    }
  }
  return tokens;
}

/** Compares two datetime strings with up to 7 fraction digits, as instants. */
function timeKey(value: string): string {
  if (value.length === 28 && value[19] === '.' && value[27] === 'Z') return value.slice(0, 27);
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(value);
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(7, '0').slice(0, 7)}` : value;
}

type Condition = { column: string; op: '==' | '>' | '>=' | '<' | 'startswith'; value: unknown };

export function runKql(query: string, tables: Map<string, KqlTable>): { columns: KqlColumn[]; rows: unknown[][] } {
  const tokens = tokenize(query);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => {
    const token = tokens[at++];
    if (!token) throw new KqlError('SyntaxError', 'Unexpected end of query.');
    return token;
  };
  const tableName = next();
  if (tableName.kind !== 'ident') throw new KqlError('SyntaxError', `Expected a table name, found '${tableName.text}'.`);
  const table = tables.get(tableName.text);
  if (!table) throw new KqlError('SemanticError', `'where' operator: Failed to resolve table or column expression named '${tableName.text}'`);
  let columns = table.columns;
  let rows = table.rows;
  const column = (name: string) => {
    const found = columns.find((each) => each.name === name);
    if (!found) throw new KqlError('SemanticError', `Failed to resolve column or scalar expression named '${name}'`);
    return found;
  };
  while (at < tokens.length) {
    if (next().kind !== 'pipe') throw new KqlError('SyntaxError', `Expected '|' before '${tokens[at - 1]!.text}'.`);
    const operator = next();
    if (operator.kind !== 'ident') throw new KqlError('SyntaxError', `Expected an operator, found '${operator.text}'.`);
    if (operator.text === 'where') {
      const conditions: Condition[] = [];
      for (;;) {
        const name = next();
        if (name.kind !== 'ident') throw new KqlError('SyntaxError', `Expected a column, found '${name.text}'.`);
        const type = column(name.text).type;
        const op = next();
        const opText = op.kind === 'ident' && op.text === 'startswith' ? 'startswith' : op.kind === 'op' ? op.text : '';
        if (!['==', '>', '>=', '<', 'startswith'].includes(opText)) throw new KqlError('SyntaxError', `The emulator does not support the operator '${op.text}'.`);
        const literal = next();
        if (!['string', 'number', 'datetime'].includes(literal.kind)) throw new KqlError('SyntaxError', `Expected a literal, found '${literal.text}'.`);
        if (type === 'datetime' && literal.kind !== 'datetime') throw new KqlError('SemanticError', `Cannot compare datetime column '${name.text}' with '${literal.text}'.`);
        if (opText === 'startswith' && literal.kind !== 'string') throw new KqlError('SemanticError', 'startswith needs a string.');
        conditions.push({ column: name.text, op: opText as Condition['op'], value: literal.value });
        if (peek()?.kind === 'ident' && peek()!.text === 'and') {
          at++;
          continue;
        }
        break;
      }
      const types = new Map(columns.map((each) => [each.name, each.type]));
      rows = rows.filter((row) =>
        conditions.every((condition) => {
          let left = row[condition.column];
          let right = condition.value;
          if (types.get(condition.column) === 'datetime') {
            left = timeKey(String(left));
            right = timeKey(String(right));
          }
          if (condition.op === 'startswith') return String(left ?? '').toLowerCase().startsWith(String(right).toLowerCase());
          if (condition.op === '==') return left === right;
          if (left === null || left === undefined) return false;
          if (condition.op === '<') return (left as string) < (right as string);
          return condition.op === '>' ? (left as string) > (right as string) : (left as string) >= (right as string);
        }),
      );
    } else if (operator.text === 'extend') {
      const name = next();
      if (name.kind !== 'ident') throw new KqlError('SyntaxError', `Expected a column name, found '${name.text}'.`);
      if (next().text !== '=') throw new KqlError('SyntaxError', `Expected '=' after '${name.text}'.`);
      const value = next();
      if (value.text !== 'ingestion_time()') throw new KqlError('SyntaxError', `The emulator's extend supports only ingestion_time(), not '${value.text}'.`);
      columns = [...columns.filter((each) => each.name !== name.text), { name: name.text, type: 'datetime' }];
      rows = rows.map((row) => ({ ...row, [name.text]: row[INGESTION_TIME] ?? null }));
    } else if (operator.text === 'project') {
      const names: string[] = [];
      for (;;) {
        const name = next();
        if (name.kind !== 'ident') throw new KqlError('SyntaxError', `Expected a column, found '${name.text}'.`);
        column(name.text);
        names.push(name.text);
        if (peek()?.kind === 'comma') {
          at++;
          continue;
        }
        break;
      }
      columns = names.map((name) => column(name));
      rows = rows.map((row) => Object.fromEntries(names.map((name) => [name, row[name]])));
    } else if (operator.text === 'order' || operator.text === 'sort') {
      const by = next();
      if (by.text !== 'by') throw new KqlError('SyntaxError', `Expected 'by' after '${operator.text}'.`);
      const keys: { name: string; desc: boolean; datetime: boolean }[] = [];
      for (;;) {
        const name = next();
        if (name.kind !== 'ident') throw new KqlError('SyntaxError', `Expected a column, found '${name.text}'.`);
        const type = column(name.text).type;
        let desc = true; // KQL's default order is descending
        if (peek()?.kind === 'ident' && (peek()!.text === 'asc' || peek()!.text === 'desc')) desc = next().text === 'desc';
        keys.push({ name: name.text, desc, datetime: type === 'datetime' });
        if (peek()?.kind === 'comma') {
          at++;
          continue;
        }
        break;
      }
      // Sort keys computed once per row (a 100 000-row table is sorted for every page).
      const decorated = rows.map((row) => ({ row, values: keys.map((key) => (key.datetime ? timeKey(String(row[key.name])) : (row[key.name] as string))) }));
      const compare = (a: (typeof decorated)[number], b: (typeof decorated)[number]) => {
        for (let index = 0; index < keys.length; index++) {
          const x = a.values[index]!;
          const y = b.values[index]!;
          if (x === y) continue;
          const less = x < y ? -1 : 1;
          return keys[index]!.desc ? -less : less;
        }
        return 0;
      };
      // Rows are stored in arrival order, usually already the asked order: check before sorting.
      let sorted = true;
      for (let index = 1; index < decorated.length && sorted; index++) sorted = compare(decorated[index - 1]!, decorated[index]!) <= 0;
      if (!sorted) decorated.sort(compare);
      rows = decorated.map((entry) => entry.row);
    } else if (operator.text === 'take' || operator.text === 'limit') {
      const count = next();
      if (count.kind !== 'number') throw new KqlError('SyntaxError', `Expected a number after '${operator.text}'.`);
      rows = rows.slice(0, count.value as number);
    } else {
      throw new KqlError('SyntaxError', `The emulator does not support the operator '${operator.text}'.`);
    }
  }
  return { columns, rows: rows.map((row) => columns.map((each) => row[each.name] ?? null)) };
}
