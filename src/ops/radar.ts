// Compatibility radar: which legacy calls clients make that the gateway refuses (unknown methods,
// tables, fields; refused writes), counted per instance, with the shapes of the last few requests
// (method + parameter TYPES, never values). Shown on /console/radar and exported as
// gateway_refused_calls_total. Names are client input: they are cut to 64 characters and at most
// `maxKeys` distinct refusals are tracked (later new ones count under "_other"), so a scanner can
// grow neither memory nor metric cardinality.
import { Counter, type Registry } from 'prom-client';
import type { XmlRpcValue } from '../xmlrpc/types.js';
import { XmlDateTime, XmlDouble } from '../xmlrpc/types.js';

export type Front = 'keap' | 'invoicera';
export type RefusalKind = 'unknown_method' | 'unknown_table' | 'unknown_field' | 'refused_write' | 'not_available';
export interface Refusal { kind: RefusalKind; table?: string; field?: string }

export interface RadarEntry {
  front: Front;
  kind: RefusalKind;
  method: string;
  table: string;
  field: string;
  count: number;
  lastAt: string;
  /** Newest first. */
  shapes: string[];
}

const MAX_NAME = 64;
const OTHER = '_other';
const clean = (s: string | undefined) => (s ?? '').replace(/[^\x21-\x7e]/g, '?').slice(0, MAX_NAME);

/** "string, int, struct{3}, array[2]": the types of the parameters, no values. */
export function paramShape(params: readonly XmlRpcValue[]): string {
  return params.slice(0, 12).map(typeName).join(', ') + (params.length > 12 ? ', …' : '');
}

function typeName(v: XmlRpcValue): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number' || typeof v === 'bigint') return 'int';
  if (v instanceof XmlDouble) return 'double';
  if (v instanceof XmlDateTime) return 'dateTime';
  if (v instanceof Uint8Array) return 'base64';
  if (Array.isArray(v)) return `array[${v.length}]`;
  return `struct{${Object.keys(v).length}}`;
}

export class CompatibilityRadar {
  private readonly entries = new Map<string, RadarEntry>();
  private readonly counter?: Counter<'front' | 'kind' | 'method' | 'table' | 'field'>;

  constructor(private readonly opts: { registry?: Registry; maxKeys?: number; shapesPerEntry?: number; now?: () => Date } = {}) {
    if (opts.registry) {
      this.counter = new Counter({
        name: 'gateway_refused_calls_total',
        help: 'Calls refused as not served by this gateway (compatibility radar), by front, kind, method, table and field',
        labelNames: ['front', 'kind', 'method', 'table', 'field'] as const, registers: [opts.registry],
      });
    }
  }

  /** One refused call. Cheap: a map look-up, a counter increment, a short array shift. */
  record(front: Front, method: string, refusal: Refusal, shape: string): void {
    let labels = { front, kind: refusal.kind, method: clean(method), table: clean(refusal.table), field: clean(refusal.field) };
    let key = `${labels.front}|${labels.kind}|${labels.method}|${labels.table}|${labels.field}`;
    if (!this.entries.has(key) && this.entries.size >= (this.opts.maxKeys ?? 500)) {
      labels = { ...labels, method: OTHER, table: '', field: '' };
      key = `${labels.front}|${labels.kind}|${OTHER}||`;
    }
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { ...labels, count: 0, lastAt: '', shapes: [] };
      this.entries.set(key, entry);
    }
    entry.count += 1;
    entry.lastAt = (this.opts.now?.() ?? new Date()).toISOString();
    entry.shapes.unshift(shape.slice(0, 200));
    if (entry.shapes.length > (this.opts.shapesPerEntry ?? 5)) entry.shapes.pop();
    this.counter?.inc(labels);
  }

  /** Most frequent first. */
  list(): RadarEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e, shapes: [...e.shapes] })).sort((a, b) => b.count - a.count || a.method.localeCompare(b.method));
  }
}
