// Ceiling reference: node:http that reads the body and sends a constant XML-RPC reply (no parsing).
import http from 'node:http';

const reply = '<?xml version="1.0" encoding="UTF-8"?><methodResponse><params><param><value><array><data><value>hello</value><value><i4>42</i4></value></data></array></value></param></params></methodResponse>';
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=UTF-8', 'Content-Length': Buffer.byteLength(reply) });
    res.end(reply);
  });
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
