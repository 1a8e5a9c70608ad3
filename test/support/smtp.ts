// A real SMTP server (npm smtp-server) on loopback that keeps every message it accepts, raw.
import { SMTPServer } from 'smtp-server';

export interface Received { from: string; to: string[]; raw: string }
export interface Smtp { port: number; received: Received[]; close(): Promise<void> }

export async function startSmtp(opts: { port?: number; refuse?: { test(address: string): boolean } } = {}): Promise<Smtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onRcptTo(address, _session, cb) {
      if (opts.refuse?.test(address.address)) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => { raw += d.toString(); });
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}


/** The decoded body of the first MIME part with this content type (base64 or quoted-printable). */
export function mimePart(raw: string, contentType: string): Buffer | undefined {
  const at = raw.toLowerCase().indexOf(`content-type: ${contentType.toLowerCase()}`);
  if (at < 0) return undefined;
  const headEnd = raw.indexOf('\r\n\r\n', at);
  const head = raw.slice(at, headEnd).toLowerCase();
  const end = raw.indexOf('\r\n--', headEnd);
  const body = raw.slice(headEnd + 4, end < 0 ? undefined : end);
  if (head.includes('base64')) return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (head.includes('quoted-printable')) {
    return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  }
  return Buffer.from(body);
}
