// Minimal types for the parts of autocannon's programmatic API the bench uses (no @types package).
declare module 'autocannon' {
  interface Options {
    url: string; method?: string; body?: string; headers?: Record<string, string>;
    connections?: number; pipelining?: number; duration?: number;
  }
  interface Histogram { average: number; p50: number; p99: number }
  interface Result { requests: Histogram; latency: Histogram; errors: number; timeouts: number; non2xx: number }
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
