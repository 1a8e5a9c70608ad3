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
