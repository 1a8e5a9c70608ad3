// Hostile input (research §2) and edge cases (§1.8) through the real wire. Each gets a fault or a
// 4xx quickly, and the server keeps answering (checked with a good call after every attack).
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callXml, echoMethod, post, rawExchange, startServer, type TestServer } from './harness.js';

let srv: TestServer;
let slow: TestServer;
beforeAll(async () => {
  srv = await startServer({ methods: [echoMethod], limits: { multicallEntries: 100 } });
  slow = await startServer({ methods: [echoMethod], limits: { requestTimeoutMs: 600, headersTimeoutMs: 400 } });
});
afterAll(async () => { await srv.close(); await slow.close(); });

const GOOD = callXml('echo', '<param><value>alive</value></param>');

async function stillUp(s: TestServer = srv): Promise<void> {
  const r = await post(`${s.url}/RPC2`, GOOD);
  expect(r.status).toBe(200);
  expect(r.text).toContain('<value>alive</value>');
}

async function expectFault(body: string | Buffer, pattern: RegExp, headers?: Record<string, string>) {
  const started = Date.now();
  const r = await post(`${srv.url}/RPC2`, body, headers);
  expect(Date.now() - started).toBeLessThan(5000); // generous: the CI machine is shared; a hang never returns
  expect(r.status).toBe(200);
  expect(r.text).toContain('<name>faultCode</name>');
  expect(r.text).toMatch(pattern);
  expect(r.text).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
  await stillUp();
  return r.text;
}

describe('entity and DTD attacks', () => {
  it('billion laughs is refused at the DOCTYPE', async () => {
    let dtd = '<!ENTITY lol0 "lol">';
    for (let i = 1; i < 10; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    await expectFault(`<?xml version="1.0"?><!DOCTYPE lolz [${dtd}]>${callXml('echo', '<param><value>&lol9;</value></param>')}`, /DOCTYPE/);
  });
  it('XXE (external file entity) is refused and nothing is read', async () => {
    const text = await expectFault(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${callXml('echo', '<param><value>&xxe;</value></param>')}`, /DOCTYPE/);
    expect(text).not.toContain('root:');
  });
  it('an undeclared entity reference is refused', async () => {
    await expectFault(callXml('echo', '<param><value>&xxe;</value></param>'), /undeclared entity/);
  });
  it('huge character references do not crash (fxp CVE-2026-25128 class)', async () => {
    await expectFault(callXml('echo', '<param><value>&#9999999;&#xFFFFFF;</value></param>'), /not an XML character/);
  });
});

describe('size and shape limits', () => {
  it('10k-deep nesting faults fast without a stack overflow', async () => {
    const deep = '<value><array><data>'.repeat(10_000) + '</data></array></value>'.repeat(10_000);
    await expectFault(callXml('echo', `<param>${deep}</param>`), /nesting too deep|nested deeper/);
  });
  it('65 value levels fault (limit 64)', async () => {
    const nest = (n: number) => '<array><data><value>'.repeat(n) + 'x' + '</value></data></array>'.repeat(n);
    await expectFault(callXml('echo', `<param><value>${nest(64)}</value></param>`), /nested deeper than 64|nesting too deep/);
  });
  it('oversize body (Content-Length) → 413', async () => {
    const r = await post(`${srv.url}/RPC2`, Buffer.alloc(1_048_577, 0x20));
    expect(r.status).toBe(413);
    await stillUp();
  });
  it('oversize chunked body (no Content-Length) → 413', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const stream = new ReadableStream({
      start(c) { for (let i = 0; i < 20; i++) c.enqueue(chunk); c.close(); },
    });
    const res = await fetch(`${srv.url}/RPC2`, { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'text/xml' } } as RequestInit)
      .catch((e) => ({ status: -1, error: e }) as const);
    expect([413, -1]).toContain(res.status); // the server may close before the client finishes sending
    await stillUp();
  });
  it('gzip bomb: 50 MB of zeros in ~50 KB → 413, memory stays flat', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    const before = process.memoryUsage().rss;
    const r = await post(`${srv.url}/RPC2`, bomb, { 'content-encoding': 'gzip' });
    expect(r.status).toBe(413);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
    await stillUp();
  });
  it('element-count limit', async () => {
    const small = await startServer({ methods: [echoMethod], limits: { elementCount: 1000 } });
    try {
      const many = '<value><i4>1</i4></value>'.repeat(600);
      const r = await post(`${small.url}/RPC2`, callXml('echo', `<param><value><array><data>${many}</data></array></value></param>`));
      expect(r.text).toMatch(/more than 1000 elements/);
      await stillUp(small);
    } finally { await small.close(); }
  });
  it('multicall with more than 100 entries is refused (amplification brake)', async () => {
    const entry = '<value><struct><member><name>methodName</name><value>echo</value></member><member><name>params</name><value><array><data/></array></value></member></struct></value>';
    await expectFault(callXml('system.multicall', `<param><value><array><data>${entry.repeat(101)}</data></array></value></param>`), /at most 100/);
  });
});

describe('malformed documents', () => {
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['trailing garbage', `${GOOD}<junk/>`, /content after the root|more than one root/],
    ['trailing text', `${GOOD}junk`, /content after the root/],
    ['two roots', `${GOOD}${GOOD.replace('<?xml version="1.0"?>', '')}`, /more than one root/],
    ['invalid UTF-8', Buffer.concat([Buffer.from(callXml('echo', '<param><value>')), Buffer.from([0xFF, 0xFE, 0xC3]), Buffer.from('</value></param></params></methodCall>')]), /invalid UTF-8/],
    ['raw control character', callXml('echo', '<param><value>a\u0007b</value></param>'), /control character/],
    ['unclosed document', '<methodCall><methodName>echo', /unexpected end of document/],
    ['not XML at all', 'GET / HTTP/1.0', /Failed to parse/],
    ['empty body', '', /no root element/],
    ['processing instruction', callXml('echo').replace('<params>', '<?evil?><params>'), /processing instructions/],
    // XML 1.0 well-formedness (issue 11; test/xmlrpc/xml-conformance.test.ts has every class)
    ['"--" inside a comment', GOOD.replace('<params>', '<!-- a -- b --><params>'), /"--" inside a comment/],
    ['"]]>" in text', GOOD.replace('alive', 'a]]>b'), /"]]&gt;" in text/],
    ['a duplicate attribute', GOOD.replace('<methodCall>', '<methodCall a="1" a="2">'), /duplicate attribute/],
    ['NBSP before the root', `\u00A0${GOOD.replace(/^<\?xml[^>]*>/, '')}`, /text before the root/],
    ['a declaration that swallows markup', GOOD.replace(/^<\?xml[^>]*>/, '<?xml version="1.0" ') + '?>', /XML declaration/],
    ['bytes above 0x7F under US-ASCII', Buffer.from(GOOD.replace(/^<\?xml[^>]*>/, '<?xml version="1.0" encoding="US-ASCII"?>').replace('alive', 'caf\xe9'), 'latin1'), /above 0x7F/],
  ];
  for (const [what, body, pattern] of cases) it(what, async () => { await expectFault(body, pattern); });

  it('windows-1252 (HTTP charset) arrives as its characters, not C1 controls', async () => {
    const body = Buffer.from(GOOD.replace('alive', '\x93quoted\x94 \x80'), 'latin1');
    const r = await post(`${srv.url}/RPC2`, body, { 'content-type': 'text/xml; charset=windows-1252' });
    expect(r.text).toContain('<value>“quoted” €</value>');
  });

  it('__proto__ / constructor member names are plain data and pollute nothing', async () => {
    const member = (n: string, v: string) => `<member><name>${n}</name><value>${v}</value></member>`;
    const body = callXml('echo', `<param><value><struct>${member('__proto__', '<struct>' + member('polluted', 'yes') + '</struct>')}${member('constructor', 'c')}${member('prototype', 'p')}</struct></value></param>`);
    const r = await post(`${srv.url}/RPC2`, body);
    expect(r.text).toContain('<name>__proto__</name><value><struct><member><name>polluted</name><value>yes</value>');
    expect(r.text).toContain('<name>constructor</name><value>c</value>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stillUp();
  });
});

describe('slow and partial requests', () => {
  it('partial POST (Content-Length 100, 3 bytes, then the client closes) does not hang the server', async () => {
    const r = await rawExchange(srv.port, 'POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\nbye', { endWrite: true, ms: 3000 });
    expect(r.closedByServer).toBe(true);
    expect(r.elapsedMs).toBeLessThan(2000);
    // The request must be finished (and logged) rather than left waiting for 97 bytes forever.
    await expect.poll(() => srv.logs.find((l) => l.status === 400 && /aborted/.test(String(l.error))), { timeout: 1000 }).toBeTruthy();
    await stillUp();
  });
  it('a stalled body gets 408 after requestTimeout', async () => {
    const r = await rawExchange(slow.port, 'POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n<methodCall>', { ms: 5000 });
    expect(r.text).toMatch(/^HTTP\/1\.1 408/);
    expect(r.elapsedMs).toBeLessThan(3000);
    await stillUp(slow);
  });
  it('slowloris: headers never finished → connection closed after headersTimeout', async () => {
    const r = await rawExchange(slow.port, 'POST /RPC2 HTTP/1.1\r\nHost: x\r\nX-Slow: ', { ms: 5000 });
    expect(r.closedByServer).toBe(true);
    expect(r.elapsedMs).toBeLessThan(3000);
    await stillUp(slow);
  });
});
