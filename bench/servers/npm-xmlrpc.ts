// Baseline (b): the npm xmlrpc 1.3.2 server answering the same echo call.
import xmlrpc from 'xmlrpc';

const server = xmlrpc.createServer({ host: '127.0.0.1', port: 0 }, () => {
  const addr = (server as unknown as { httpServer: import('node:http').Server }).httpServer.address();
  process.stdout.write(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 }) + '\n');
});
server.on('echo', (_err: unknown, params: unknown[], callback: (e: unknown, v: unknown) => void) => callback(null, params));
process.on('SIGTERM', () => process.exit(0));
