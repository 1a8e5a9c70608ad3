// Registers every Keap service on a dispatcher, each method wrapped with the key check, plus the
// keyless `<Service>.echo` probe for every service (Novak pings with echo("Hello World"), the iSDK
// calls DataService.echo(key, text)).
import type { Dispatcher } from '../xmlrpc/dispatcher.js';
import type { MethodSpec } from '../xmlrpc/handler.js';
import { faults } from './faults.js';
import { createKeyCheck, withAuth } from './auth.js';
import { dataServiceMethods } from './data-service.js';
import { contactServiceMethods } from './contact-service.js';
import { apiEmailServiceMethods } from './api-email-service.js';
import { productServiceMethods } from './product-service.js';
import { invoiceServiceMethods } from './invoice-service.js';
import { orderServiceMethods } from './order-service.js';
import { shippingServiceMethods } from './shipping-service.js';
import { affiliateServiceMethods } from './affiliate-service.js';
import type { KeapDeps } from './deps.js';

/** Every Keap service module, in registration order. */
export const SERVICE_MODULES: Array<(deps: KeapDeps) => MethodSpec[]> = [
  dataServiceMethods,
  contactServiceMethods,
  apiEmailServiceMethods,
  productServiceMethods,
  invoiceServiceMethods,
  orderServiceMethods,
  shippingServiceMethods,
  affiliateServiceMethods,
];

/** Echo answers its last argument, so both `echo(text)` and `echo(key, text)` work. */
export function echoMethod(service: string): MethodSpec {
  return {
    name: `${service}.echo`,
    help: 'echo([key,] text) → text; needs no key',
    signatures: [['string', 'string'], ['string', 'string', 'string']],
    handler: (params) => {
      if (params.length === 0) throw faults.invalidParameter(`${service}.echo takes the text to echo`);
      return params[params.length - 1];
    },
  };
}

export function keapMethods(deps: KeapDeps): MethodSpec[] {
  const specs = SERVICE_MODULES.flatMap((m) => m(deps));
  const services = new Set(specs.map((s) => s.name.split('.')[0]));
  const echoes = [...services].filter((s) => !specs.some((x) => x.name === `${s}.echo`)).map(echoMethod);
  return [...specs, ...echoes];
}

export function registerKeap(dispatcher: Dispatcher, deps: KeapDeps): void {
  const check = createKeyCheck(deps.config.apiKeys);
  for (const spec of keapMethods(deps)) dispatcher.register(withAuth(spec, check));
}
