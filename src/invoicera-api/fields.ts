// Reading request fields: typed helpers that name the field in every error.
import { invalid, quoted } from '../errors.js';
import type { XNode, XValue } from './xml.js';
import { own } from '../own.js';

function first(node: XNode, name: string): XValue | undefined {
  return node[name]?.[0];
}

/** The text of an element that also has attributes (the parser keeps '#text' as a plain string). */
function ownText(v: XNode): string {
  const t = (v as Record<string, unknown>)['#text'];
  return typeof t === 'string' ? t : Array.isArray(t) && typeof t[0] === 'string' ? t[0] : '';
}

/** Whether the element is present (even empty). */
export function has(node: XNode, name: string): boolean {
  return (node[name]?.length ?? 0) > 0;
}

/** Text of a child element; undefined when absent; refuses an element with children. */
export function text(node: XNode, name: string): string | undefined {
  const v = first(node, name);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  const children = Object.keys(v).filter((k) => !k.startsWith('@_') && k !== '#text');
  if (children.length > 0) throw invalid(`${name} must be text, not nested elements`, name);
  return ownText(v);
}

/** Text, or undefined when absent or empty. */
export function optText(node: XNode, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = text(node, name);
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return undefined;
}

export function requiredText(node: XNode, name: string, ...aliases: string[]): string {
  const v = optText(node, name, ...aliases);
  if (v === undefined) throw invalid(`${name} is required`, name);
  return v;
}

function toId(value: string, name: string): number {
  if (!/^\d{1,15}$/.test(value) || Number(value) <= 0) throw invalid(`${name} must be a positive integer (got ${quoted(value)})`, name);
  return Number(value);
}

export function requiredId(node: XNode, name: string): number {
  return toId(requiredText(node, name), name);
}

export function optId(node: XNode, name: string): number | undefined {
  const v = optText(node, name);
  return v === undefined ? undefined : toId(v, name);
}

/** Every `name` element's text as an id (repeated elements). */
export function ids(node: XNode, name: string): number[] {
  return (node[name] ?? []).map((v) => {
    const t = typeof v === 'string' ? v : ownText(v);
    return toId(t.trim(), name);
  });
}

/** Child elements named `name` (an empty element counts as an empty node). */
export function nodes(node: XNode, name: string): XNode[] {
  return (node[name] ?? []).map((v) => (typeof v === 'string' ? {} : v));
}

export function optNode(node: XNode, name: string): XNode | undefined {
  return nodes(node, name)[0];
}

/** Case-insensitive enum value from a table of lower-case spellings. */
export function optEnum<T>(node: XNode, name: string, table: Record<string, T>): T | undefined {
  const v = optText(node, name);
  if (v === undefined) return undefined;
  const hit = own(table, v.toLowerCase());
  if (hit === undefined) {
    throw invalid(`${name} must be one of ${[...new Set(Object.values(table).map(String))].join(', ')} (got ${quoted(v)})`, name);
  }
  return hit;
}

/** page (≥ 1, default 1) and per_page_record (1..max, default) → offset/limit. */
/** A yes/no element (client_notification): 1/0, true/false, yes/no. */
export const FLAG: Record<string, boolean> = { 1: true, 0: false, true: true, false: false, yes: true, no: false };

export function paging(node: XNode, defaultPerPage = 25, maxPerPage = 500): { page: number; perPage: number; offset: number; limit: number } {
  const page = optId(node, 'page') ?? 1;
  const perPage = optId(node, 'per_page_record') ?? defaultPerPage;
  if (perPage > maxPerPage) throw invalid(`per_page_record must be at most ${maxPerPage}`, 'per_page_record');
  return { page, perPage, offset: (page - 1) * perPage, limit: perPage };
}

const DAY_WITH_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/;

/**
 * An invoice date as the day: `YYYY-MM-DD`, or the `YYYY-MM-DD HH:MM:SS` our answers show (so an
 * answer can be sent back); the time of day is dropped. Anything else is left for checkDate to refuse.
 */
export function dayOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return DAY_WITH_TIME.exec(value.trim())?.[1] ?? value;
}
