// Which Keap faults mean "this gateway does not serve that call" (for the compatibility radar):
// read from the fault catalogue's own message formats (faults.ts), so a hint appended after ";"
// changes nothing. Other faults (bad key, bad argument, missing record) are not refusals.
import type { Fault } from '../xmlrpc/types.js';
import type { Refusal } from '../ops/radar.js';
import { FAULTS } from './faults.js';

const WORDS = '(edit|delete|add|read)';
const NAME = '([^\\s.;]+)';

export function keapRefusal(fault: Fault, knownMethod: boolean): Refusal | undefined {
  if (!knownMethod) return { kind: 'unknown_method' };
  const text = fault.faultString;
  let m: RegExpExecArray | null;
  switch (fault.faultCode) {
    case FAULTS.noTableFound.faultCode:
      m = new RegExp(`No table found: ${NAME}`).exec(text);
      return { kind: 'unknown_table', table: m?.[1] };
    case FAULTS.noFieldFound.faultCode:
      m = new RegExp(`No field found: ${NAME}\\.${NAME}`).exec(text);
      return { kind: 'unknown_field', table: m?.[1], field: m?.[2] };
    case FAULTS.noTableAccess.faultCode:
      m = new RegExp(`No ${WORDS} access to table ${NAME}`).exec(text);
      return m?.[1] === 'read' ? undefined : { kind: 'refused_write', table: m?.[2] };
    case FAULTS.noFieldAccess.faultCode:
      m = new RegExp(`No ${WORDS} access to field ${NAME}\\.${NAME}`).exec(text);
      return m?.[1] === 'read' ? undefined : { kind: 'refused_write', table: m?.[2], field: m?.[3] };
    case FAULTS.noAccess.faultCode:
      return { kind: 'not_available' };
    default:
      return undefined;
  }
}
