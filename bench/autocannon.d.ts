// Minimal types for the parts of autocannon's programmatic API the bench uses (no @types package).
declare module 'autocannon' {
  interface RequestData { method?: string; path?: string; body?: string; headers?: Record<string, string> }
  interface RequestSpec extends RequestData {
    /** Called before each request; returns the request to send (e.g. with a different body). */
    setupRequest?: (req: RequestData, context: Record<string, unknown>) => RequestData;
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  }
  interface Options {
    url: string; method?: string; body?: string; headers?: Record<string, string>;
    connections?: number; pipelining?: number; duration?: number; requests?: RequestSpec[];
  }
  interface Histogram { average: number; p50: number; p99: number; total: number }
  interface Result { requests: Histogram; latency: Histogram; errors: number; timeouts: number; non2xx: number }
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
