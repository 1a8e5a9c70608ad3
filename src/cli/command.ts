// The shape every administration command table shares (promo, user, shipping, tax, affiliate,
// billing): commander argument syntax, options, and a run against the one service it administers.
import type { Flags } from './promo-flags.js';
import type { Output } from './output.js';

export interface OptionSpec { flags: string; description: string; repeatable?: boolean }

export interface AdminCommand<S> {
  description: string;
  /** commander argument syntax: `<id>`, `<code>`. */
  args: string[];
  options: OptionSpec[];
  run(service: S, flags: Flags, args: string[], out: Output): Promise<void>;
}

export const JSON_OUT: OptionSpec = { flags: '--json', description: 'print JSON instead of text' };

/** How the CLI prints one kind of record: a line for people; for --json `json(r)` (what may be shown of it), else the record. */
export interface RecordPrinter<R> {
  line(r: R): string;
  json?(r: R): unknown;
}

const shown = <R>(p: RecordPrinter<R>, r: R): unknown => (p.json ? p.json(r) : r);

/** One record after a verb: `added user #1  …`, or the record as JSON. */
export function printRecord<R>(out: Output, p: RecordPrinter<R>, lead: string, r: R): void {
  out.result(shown(p, r), `${lead}${p.line(r)}`);
}

/** A `list` command: a line a record (`empty` when there is none), or the array as JSON; `options` come before --json. */
export function listCommand<S, R>(
  description: string, p: RecordPrinter<R>, empty: string, rows: (service: S, flags: Flags) => Promise<R[]>, options: OptionSpec[] = [],
): AdminCommand<S> {
  return {
    description,
    args: [],
    options: [...options, JSON_OUT],
    async run(service, flags, _args, out) {
      const all = await rows(service, flags);
      out.result(all.map((r) => shown(p, r)), all.length ? all.map((r) => p.line(r)).join('\n') : empty);
    },
  };
}
