// Optional (BENCH_FULL=1): the whole gateway as src/main.ts builds it (Keap methods, auth,
// metrics, memory store), answering DataService.echo with the default dev key.
import pino from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { buildApp } from '../../src/app.js';
import { openStore } from '../../src/store/open.js';
import { SCHEMA } from '../../src/store/schema.js';

const config = { ...loadConfig(), port: 0, host: '127.0.0.1', store: 'memory' };
const log = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'info', base: undefined }, pino.destination({ dest: '/dev/null', sync: false }));
const gateway = buildApp({ config, log, store: await openStore('memory', SCHEMA, { log }) });
const { port } = await gateway.listen();
process.stdout.write(JSON.stringify({ port }) + '\n');
process.on('SIGTERM', () => { void gateway.close().then(() => process.exit(0)); });
