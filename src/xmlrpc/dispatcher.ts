// Method registry and system.* built-ins. dispatch() is THE one place where anything a handler
// throws becomes a Fault (via errorToFault), so no other layer needs try/catch-to-fault logic.
import { Fault, isStruct, struct, type XmlRpcValue } from './types.js';
import type { CallContext, ErrorToFault, MethodSpec } from './handler.js';
import { INVALID_REQUEST, INVOKE_FAULT, NO_SUCH_HANDLER, invokeFailedText, noSuchHandlerText } from './fault-codes.js';

export interface DispatcherOptions {
  errorToFault?: ErrorToFault;
  /** Most entries one system.multicall may carry (WordPress-style amplification brake). */
  multicallMax: number;
  /**
   * Told of every fault a call ends in (`known` false for an unknown method), e.g. for the
   * compatibility radar. Must be cheap; whatever it throws is ignored.
   */
  onFault?: (method: string, params: readonly XmlRpcValue[], fault: Fault, known: boolean) => void;
}

/** Default mapping: a Fault passes through; anything else is an internal error, without its stack. */
export const defaultErrorToFault: ErrorToFault = (err, method) =>
  err instanceof Fault ? err : new Fault(INVOKE_FAULT, invokeFailedText(method));

const MULTICALL = 'system.multicall';
const CAPABILITIES = {
  xmlrpc: { specUrl: 'http://www.xmlrpc.com/spec', specVersion: 1 },
  introspect: { specUrl: 'http://xmlrpc-c.sourceforge.net/xmlrpc-c/introspection.html', specVersion: 1 },
  'system.multicall': { specUrl: 'http://www.xmlrpc.com/discuss/msgReader$1208', specVersion: 1 },
  faults_interop: { specUrl: 'http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php', specVersion: 20010516 },
};

export class Dispatcher {
  private readonly registry = new Map<string, MethodSpec>();
  private readonly errorToFault: ErrorToFault;
  private readonly multicallMax: number;
  private readonly onFault?: DispatcherOptions['onFault'];

  constructor(opts: DispatcherOptions) {
    this.errorToFault = opts.errorToFault ?? defaultErrorToFault;
    this.multicallMax = opts.multicallMax;
    this.onFault = opts.onFault;
    for (const spec of this.builtins()) this.register(spec);
  }

  register(spec: MethodSpec): void {
    if (!spec.name) throw new Error('method name must not be empty');
    if (this.registry.has(spec.name)) throw new Error(`method ${spec.name} registered twice`);
    this.registry.set(spec.name, spec);
  }

  has(name: string): boolean { return this.registry.has(name); }

  methods(): string[] { return [...this.registry.keys()].sort(); }

  /** Runs one call. Throws only Fault. */
  async dispatch(methodName: string, params: XmlRpcValue[], ctx: CallContext): Promise<XmlRpcValue> {
    const spec = this.registry.get(methodName);
    if (!spec) throw this.observed(methodName, params, new Fault(NO_SUCH_HANDLER, noSuchHandlerText(methodName)), false);
    try {
      return await spec.handler(params, ctx);
    } catch (err) {
      let fault: Fault;
      try { fault = this.errorToFault(err, methodName); } catch { fault = defaultErrorToFault(err, methodName); }
      if (!(fault instanceof Fault)) fault = defaultErrorToFault(err, methodName);
      // Expected errors (mapped to a business fault) are routine; an unmapped one is a bug worth a stack in the log.
      if (!(err instanceof Fault)) {
        const level = fault.faultCode === INVOKE_FAULT ? 'error' : 'debug';
        ctx.log[level]({ err, method: methodName, faultCode: fault.faultCode }, 'handler error');
      }
      throw this.observed(methodName, params, fault, true);
    }
  }

  private observed(method: string, params: readonly XmlRpcValue[], fault: Fault, known: boolean): Fault {
    try { this.onFault?.(method, params, fault, known); } catch { /* an observer never changes the answer */ }
    return fault;
  }

  private builtins(): MethodSpec[] {
    return [
      { name: 'system.listMethods', handler: () => this.methods(), help: 'Lists the methods this server offers.', signatures: [['array']] },
      { name: 'system.methodHelp', handler: (p) => this.lookup(p, 'system.methodHelp').help ?? '', help: 'Help text of a method.', signatures: [['string', 'string']] },
      {
        name: 'system.methodSignature',
        handler: (p) => this.lookup(p, 'system.methodSignature').signatures ?? 'undef',
        help: 'Signatures of a method: arrays of type names, return type first; "undef" when unknown.',
        signatures: [['array', 'string']],
      },
      { name: 'system.getCapabilities', handler: () => struct(Object.entries(CAPABILITIES).map(([k, v]): [string, XmlRpcValue] => [k, struct(v)])), help: 'Specifications this server implements.', signatures: [['struct']] },
      { name: MULTICALL, handler: (p, ctx) => this.multicall(p, ctx), help: 'Runs several calls in one request (Kidd RFC).', signatures: [['array', 'array']] },
    ];
  }

  private lookup(params: XmlRpcValue[], method: string): MethodSpec {
    const name = params[0];
    if (params.length !== 1 || typeof name !== 'string') throw new Fault(INVALID_REQUEST, `${method} expects one method name string`);
    const spec = this.registry.get(name);
    if (!spec) throw new Fault(NO_SUCH_HANDLER, noSuchHandlerText(name));
    return spec;
  }

  /** Kidd RFC: `[result]` per success, a fault struct per failure; the batch itself succeeds. */
  private async multicall(params: XmlRpcValue[], ctx: CallContext): Promise<XmlRpcValue> {
    const calls = params[0];
    if (params.length !== 1 || !Array.isArray(calls)) throw new Fault(INVALID_REQUEST, 'system.multicall expects one array of calls');
    if (calls.length > this.multicallMax) throw new Fault(INVALID_REQUEST, `system.multicall accepts at most ${this.multicallMax} calls, got ${calls.length}`);
    const results: XmlRpcValue[] = [];
    for (const [index, call] of calls.entries()) {
      // Same state object: the failed-auth count is shared by all entries of the request. `log` is
      // named because it may be a prototype getter (the HTTP layer's lazy child logger).
      const inner: CallContext = { ...ctx, log: ctx.log, inMulticall: true, multicallIndex: index };
      try {
        results.push([await this.runEntry(call, inner)]);
      } catch (err) {
        const f = err instanceof Fault ? err : defaultErrorToFault(err, MULTICALL);
        results.push(struct({ faultCode: f.faultCode, faultString: f.faultString }));
      }
    }
    return results;
  }

  private runEntry(call: XmlRpcValue, ctx: CallContext): Promise<XmlRpcValue> {
    if (!isStruct(call)) throw new Fault(INVALID_REQUEST, 'system.multicall expected struct');
    const { methodName, params } = call;
    if (typeof methodName !== 'string') throw new Fault(INVALID_REQUEST, 'Missing methodName');
    if (methodName === MULTICALL) throw new Fault(INVALID_REQUEST, 'Recursive system.multicall forbidden');
    if (params === undefined) throw new Fault(INVALID_REQUEST, 'Missing params');
    if (!Array.isArray(params)) throw new Fault(INVALID_REQUEST, 'system.multicall params must be an array');
    return this.dispatch(methodName, params, ctx);
  }
}
