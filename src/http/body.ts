// Reads a request body with a byte cap, then undoes gzip/deflate with a cap on the inflated size
// (a 48 KB gzip bomb must not become 50 MB in memory). Failures carry the HTTP status to send.
import type { IncomingMessage } from 'node:http';
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

export class TransportError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

type Inflate = (buf: Buffer, maxOutputLength: number) => Buffer;

function deflate(buf: Buffer, maxOutputLength: number): Buffer {
  // "deflate" should be zlib-wrapped (RFC 9110), but some clients send a raw stream.
  try { return inflateSync(buf, { maxOutputLength }); } catch (e) {
    if (isTooLarge(e)) throw e;
    return inflateRawSync(buf, { maxOutputLength });
  }
}

/** Content-Encoding → inflater; anything else is 415. */
const DECODERS: Record<string, Inflate | null> = {
  identity: null,
  gzip: (b, max) => gunzipSync(b, { maxOutputLength: max }),
  'x-gzip': (b, max) => gunzipSync(b, { maxOutputLength: max }),
  deflate,
};

function isTooLarge(e: unknown): boolean {
  return e instanceof RangeError || (e as NodeJS.ErrnoException)?.code === 'ERR_BUFFER_TOO_LARGE';
}

/** Checks the Content-Encoding before the body is read, so a 415 costs nothing. */
export function checkEncoding(header: string | undefined): void {
  if (header === undefined) return; // the usual case: identity
  const enc = (header ?? 'identity').trim().toLowerCase() || 'identity';
  if (!Object.hasOwn(DECODERS, enc)) throw new TransportError(415, `unsupported Content-Encoding "${enc}"`);
}

/**
 * Collects the body; rejects with 413 past `maxBytes`, and if the client goes away mid-body.
 * Fast path: the request handler runs when the headers are parsed, before node's parser has pushed
 * the body bytes that arrived with them. One microtask later they are buffered in the stream: if
 * that is all `Content-Length` announced, the body is complete (HTTP framing) and is taken with one
 * read(), without listeners, a Promise executor or a chunk list. Anything else streams.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) throw new TransportError(413, `body larger than ${maxBytes} bytes`);
  await undefined;
  if (declared > 0 && req.readableLength === declared && !req.readableFlowing && !req.readableEnded) {
    const body = req.read() as Buffer; // paused stream, no size given: every buffered byte, as one Buffer
    // The parser reports the end of the message a little later; flowing mode lets the stream then
    // emit 'end' and 'close' as it would have after a streamed read.
    req.resume();
    return body;
  }
  return streamBody(req, maxBytes);
}

function streamBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  // Listeners are attached a microtask after the request event: a stream already torn down by then
  // would never emit 'close' to them.
  if (req.destroyed) return Promise.reject(new TransportError(400, 'request aborted before the body was complete'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null, body?: Buffer) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      if (err) reject(err); else resolve(body!);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) { finish(new TransportError(413, `body larger than ${maxBytes} bytes`)); return; }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(null, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.once('error', (e) => { if (!done) finish(new TransportError(400, `request body error: ${e.message}`)); });
    // A client that closes mid-body (partial POST) must not leave us waiting. ('close' also fires
    // after a normal end: build the error only when it matters, an Error's stack capture is costly.)
    req.once('close', () => { if (!done) finish(new TransportError(400, 'request aborted before the body was complete')); });
  });
}

/** Applies Content-Encoding, capping the inflated size at `maxInflated`. */
export function inflate(body: Buffer, header: string | undefined, maxInflated: number): Buffer {
  if (header === undefined) return body;
  const enc = (header ?? 'identity').trim().toLowerCase() || 'identity';
  const decoder = Object.hasOwn(DECODERS, enc) ? DECODERS[enc] : undefined;
  if (decoder === undefined) throw new TransportError(415, `unsupported Content-Encoding "${enc}"`);
  if (decoder === null) return body;
  try {
    return decoder(body, maxInflated);
  } catch (e) {
    if (isTooLarge(e)) throw new TransportError(413, `inflated body larger than ${maxInflated} bytes`);
    throw new TransportError(400, `bad ${enc} body`);
  }
}
