// (c): our HTTP front + Dispatcher with an echo method, with the real per-request log line
// (pino at info, written to /dev/null so the terminal is not the bottleneck).
import pino from 'pino';
import { createHttpServer } from '../../src/http/server.js';
import { Dispatcher } from '../../src/xmlrpc/dispatcher.js';
import { loadConfig } from '../../src/config/config.js';

const config = loadConfig();
const log = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'info', base: undefined }, pino.destination({ dest: '/dev/null', sync: false }));
const dispatcher = new Dispatcher({ multicallMax: config.limits.multicallEntries });
dispatcher.register({ name: 'echo', handler: (params) => params });
const gateway = createHttpServer({ limits: config.limits, log, dispatcher });
const { port } = await gateway.listen(0, '127.0.0.1');
process.stdout.write(JSON.stringify({ port }) + '\n');
process.on('SIGTERM', () => { void gateway.close().then(() => process.exit(0)); });
