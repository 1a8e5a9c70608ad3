// The queryData engine (keap-xmlrpc.md §4.2): conditions ANDed, `%` LIKE (case-insensitive),
// `~null~`, `~<>~ ~>~ ~>=~ ~<~ ~<=~` prefixes, arrays = IN on Id fields, date forms. Candidates come
// from a store index when any condition allows it (Id, JobId, ContactId, Email…), else a scan.
import { XmlDateTime, XmlDouble, isStruct, type XmlRpcStruct, type XmlRpcValue } from '../xmlrpc/types.js';
import type { Store } from '../store/port.js';
import { Big, withoutPlusSign } from '../money/money.js';
import { faults } from './faults.js';
import { likeMatcher } from './like.js';
import { fromKeapDateTime, parseKeapDateString, toKeapQueryText } from './dates.js';
import { requireField } from './tables/registry.js';
import type { FieldDef, FieldType, Row, TableDef } from './tables/types.js';
import type { KeapDeps } from './deps.js';
import type { WorkBudget } from '../xmlrpc/budget.js';
import { sortPaced } from '../services/paced-sort.js';

export const MAX_LIMIT = 1000;
export const MAX_IN = 1000;

type Op = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'like' | 'null' | 'in';

interface Condition { field: FieldDef; op: Op; operand: string; list?: number[] }

const OPERATORS: Record<string, Op> = { '<>': 'ne', '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' };
const OPERATOR_PREFIX = /^~(<>|>=|<=|>|<)~\s*([\s\S]*)$/;

/** Comparable text/number of a value for one field type; undefined when it cannot be compared. */
type Key = string | number | Big;
const KEYS: Record<FieldType, (v: unknown, tz: string) => Key | undefined> = {
  Int: (v) => (v === '' || v === null || v === undefined || Number.isNaN(Number(v)) ? undefined : Number(v)),
  // "+5" is 5, as DataService.add reads it (money.ts); big.js alone refuses the '+'.
  Double: (v) => { try { return new Big(withoutPlusSign(String(v))); } catch { return undefined; } },
  Date: (v, tz) => (typeof v === 'string' && v ? toKeapQueryText(v, tz) : undefined),
  String: (v) => String(v).toLowerCase(),
  Bool: (v) => (v === true || v === 1 || v === '1' || String(v).toLowerCase() === 'true' ? 1 : 0),
};

function compare(a: Key, b: Key): number {
  if (a instanceof Big && b instanceof Big) return a.cmp(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a), y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Operand text from a wire value: dates in Keap's local form so they compare with stored dates. */
function operandText(v: XmlRpcValue, field: FieldDef, tz: string): string {
  if (v instanceof XmlDateTime) return toKeapQueryText(fromKeapDateTime(v, tz).toISOString(), tz);
  if (v instanceof XmlDouble) return v.text;
  if (typeof v === 'boolean') return v ? '1' : '0';
  const s = String(v).trim();
  if (field.type === 'Date' && !s.includes('%')) {
    const dt = parseKeapDateString(s);
    // A date without a time keeps its day form, so equality means "that day".
    if (dt && /^\d{4}-?\d{2}-?\d{2}$/.test(s)) return `${String(dt.year).padStart(4, '0')}-${String(dt.month).padStart(2, '0')}-${String(dt.day).padStart(2, '0')}`;
    if (dt) return toKeapQueryText(fromKeapDateTime(dt, tz).toISOString(), tz);
  }
  return s;
}

function parseCondition(t: TableDef, name: string, v: XmlRpcValue, tz: string): Condition {
  const field = requireField(t, name, 'R');
  if (Array.isArray(v)) {
    if (!/Id$/i.test(name) || field.type !== 'Int') throw faults.invalidParameter(`queryData ${name}: a list of values is only allowed on Id fields`);
    if (v.length > MAX_IN) throw faults.invalidParameter(`queryData ${name}: at most ${MAX_IN} ids`);
    const list = v.map((x) => Number(x instanceof XmlDouble ? x.text : x));
    if (list.some((n) => !Number.isSafeInteger(n))) throw faults.invalidParameter(`queryData ${name}: ids must be integers`);
    return { field, op: 'in', operand: '', list };
  }
  if (isStruct(v) || v instanceof Uint8Array) throw faults.invalidParameter(`queryData ${name}: unsupported value`);
  if (typeof v === 'string') {
    if (v.trim() === '~null~') return { field, op: 'null', operand: '' };
    const m = OPERATOR_PREFIX.exec(v);
    if (m) return { field, op: OPERATORS[m[1]], operand: operandText(m[2], field, tz) };
    if (v.includes('%')) return { field, op: 'like', operand: v };
  }
  return { field, op: 'eq', operand: operandText(v, field, tz) };
}

function likeText(v: unknown, f: FieldDef, tz: string): string {
  return f.type === 'Date' ? String(KEYS.Date(v, tz) ?? '') : String(v);
}

type Matcher = (row: Row) => boolean;

function matcher(c: Condition, tz: string): Matcher {
  const name = c.field.name;
  const absent = (v: unknown) => v === undefined || v === null;
  if (c.op === 'null') return (r) => absent(r[name]);
  if (c.op === 'in') { const set = new Set(c.list); return (r) => set.has(Number(r[name])); }
  if (c.op === 'like') {
    const like = likeMatcher(c.operand, name);
    return (r) => !absent(r[name]) && like(likeText(r[name], c.field, tz));
  }
  const keyOf = KEYS[c.field.type];
  // Date equality with a day (YYYY-MM-DD) matches the whole day.
  if (c.field.type === 'Date' && c.op === 'eq' && c.operand.length === 10) {
    return (r) => !absent(r[name]) && String(keyOf(r[name], tz)).startsWith(c.operand);
  }
  const want = c.field.type === 'Date' ? c.operand : keyOf(c.operand, tz);
  if (want === undefined) throw faults.invalidParameter(`queryData ${name}: "${c.operand}" is not a valid ${c.field.type} value`);
  const tests: Record<Exclude<Op, 'null' | 'in' | 'like'>, (n: number) => boolean> = {
    eq: (n) => n === 0, ne: (n) => n !== 0, gt: (n) => n > 0, ge: (n) => n >= 0, lt: (n) => n < 0, le: (n) => n <= 0,
  };
  const test = tests[c.op as keyof typeof tests];
  return (r) => {
    const v = r[name];
    if (absent(v)) return c.op === 'ne';
    const k = keyOf(v, tz);
    return k !== undefined && test(compare(k, want));
  };
}

export interface QueryOptions {
  limit: number;
  page: number;
  orderBy?: string;
  ascending?: boolean;
}

/** Stored records read per scan chunk: the budget is charged, and the loop may run, between chunks. */
const SCAN_CHUNK = 128;

interface Candidates { rows: Row[]; read: number }

/** Candidate rows, chunk by chunk: an index when a condition allows it, otherwise a scan. */
async function* candidates(deps: KeapDeps, store: Store, t: TableDef, conds: Condition[]): AsyncGenerator<Candidates> {
  const byId = conds.find((c) => c.field.name === 'Id' && (c.op === 'eq' || c.op === 'in'));
  if (byId) {
    const ids = (byId.op === 'in' ? [...new Set(byId.list)] : [Number(byId.operand)]).filter(Number.isSafeInteger).sort((a, b) => a - b);
    const rows = await Promise.all(ids.map((id) => t.source.get(deps, store, id)));
    yield { rows: rows.filter((r): r is Row => !!r), read: ids.length };
    return;
  }
  const indexed = conds.find((c) => c.op === 'eq' && t.source.indexed.has(c.field.name));
  if (indexed) {
    const value = indexed.field.type === 'Int' ? Number(indexed.operand) : indexed.operand;
    if (typeof value === 'number' && !Number.isSafeInteger(value)) return;
    const rows = await t.source.findBy(deps, store, indexed.field.name, value);
    yield { rows, read: rows.length };
    return;
  }
  for (let after: number | undefined = 0; after !== undefined;) {
    const chunk = await t.source.scan(deps, store, after, SCAN_CHUNK);
    yield chunk;
    after = chunk.next;
  }
}

/**
 * Rows of `t` matching queryData, in the order they were read. The budget is charged for every
 * row read; the loop is handed back between chunks. With `enough`, reading stops once that many
 * rows matched (only meaningful when the rows arrive in the wanted order).
 */
async function matching(deps: KeapDeps, store: Store, t: TableDef, queryData: XmlRpcStruct, budget: WorkBudget, enough?: number): Promise<Row[]> {
  const tz = deps.config.timeZone;
  const conds = Object.entries(queryData).map(([k, v]) => parseCondition(t, k, v, tz));
  const matchers = conds.map((c) => matcher(c, tz));
  const matched: Row[] = [];
  for await (const chunk of candidates(deps, store, t, conds)) {
    budget.examine(chunk.read);
    for (const r of chunk.rows) if (matchers.every((m) => m(r))) matched.push(r);
    if (enough !== undefined && matched.length >= enough) break;
    await budget.pace();
  }
  return matched;
}

/** Number of rows of `t` matching queryData. */
export async function countRows(deps: KeapDeps, store: Store, t: TableDef, queryData: XmlRpcStruct, budget: WorkBudget): Promise<number> {
  return (await matching(deps, store, t, queryData, budget)).length;
}

/** Rows sorted by `field` (missing values first ascending, like SQL NULLs; ties in Id order). */
async function sorted(rows: Row[], field: FieldDef, ascending: boolean, tz: string, budget: WorkBudget): Promise<Row[]> {
  const keyOf = KEYS[field.type];
  const keyed = rows.map((row) => ({ row, key: row[field.name] == null ? undefined : keyOf(row[field.name], tz) }));
  const dir = ascending ? 1 : -1;
  const out = await sortPaced(keyed, (a, b) => {
    const c = a.key === undefined ? (b.key === undefined ? 0 : -1) : b.key === undefined ? 1 : compare(a.key, b.key);
    return dir * c || a.row.Id - b.row.Id;
  }, () => budget.pace());
  return out.map((k) => k.row);
}

export function checkPaging(limit: number, page: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw faults.invalidParameter(`limit must be between 1 and ${MAX_LIMIT}, got ${limit}`);
  if (!Number.isInteger(page) || page < 0) throw faults.invalidParameter(`page must be 0 or more, got ${page}`);
}

/** One page of the rows of `t` matching queryData, sorted (default Id ascending). */
export async function queryRows(deps: KeapDeps, store: Store, t: TableDef, queryData: XmlRpcStruct, opts: QueryOptions, budget: WorkBudget): Promise<Row[]> {
  checkPaging(opts.limit, opts.page);
  budget.mayDeliver(); // a batch whose row budget is spent fails before it reads anything
  const tz = deps.config.timeZone;
  const sortField = opts.orderBy ? requireField(t, opts.orderBy, 'R') : t.fields.get('Id')!;
  const ascending = opts.ascending !== false;
  const end = (opts.page + 1) * opts.limit;
  // Rows that arrive in Id order need no sort, and reading can stop at the end of the page.
  const inOrder = sortField.name === 'Id' && t.source.idOrdered;
  const rows = await matching(deps, store, t, queryData, budget, inOrder && ascending ? end : undefined);
  const ordered = inOrder ? (ascending ? rows : rows.reverse()) : await sorted(rows, sortField, ascending, tz, budget);
  return ordered.slice(opts.page * opts.limit, end);
}
