// A Keap service as a table: method name → parameter names (after the key) and a runner. One
// place turns the table into dispatcher MethodSpecs with arity checks, help and signatures.
import type { MethodSpec } from '../../xmlrpc/handler.js';
import type { XmlRpcValue } from '../../xmlrpc/types.js';
import { arity, optional, toBool, toInt, toStr } from '../../xmlrpc/coerce.js';
import type { KeapDeps } from '../deps.js';

export interface KeapMethod {
  /** Parameter names after the key slot. */
  params: string[];
  /** Fewest parameters accepted after the key (default: all). */
  min?: number;
  /** XML-RPC return type, for system.methodSignature. */
  returns: string;
  /** Receives the parameters AFTER the key. */
  run: (deps: KeapDeps, args: XmlRpcValue[]) => Promise<XmlRpcValue>;
}

export function toMethodSpecs(service: string, methods: Record<string, KeapMethod>, deps: KeapDeps): MethodSpec[] {
  return Object.entries(methods).map(([method, m]) => {
    const name = `${service}.${method}`;
    const max = m.params.length;
    return {
      name,
      help: `${name}(key${m.params.map((p) => `, ${p}`).join('')}) → ${m.returns}`,
      signatures: [[m.returns, 'string', ...m.params.map(() => 'any')]],
      handler: async (params) => {
        arity(params, 1 + (m.min ?? max), 1 + max, name);
        return m.run(deps, params.slice(1));
      },
    };
  });
}

// Optional trailing parameters: absent or <nil/> → the default.
export const optStr = (v: XmlRpcValue, name: string): string => (optional(v) === undefined ? '' : toStr(v, name));
export const optInt = (v: XmlRpcValue, name: string): number => (optional(v) === undefined ? 0 : toInt(v, name));
export const optBool = (v: XmlRpcValue, name: string): boolean => (optional(v) === undefined ? false : toBool(v, name));
