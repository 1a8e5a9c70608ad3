// Polls GET /healthz while a long request runs, to show the event loop keeps serving other callers:
// `stop()` ends the polling and gives how many answers came back meanwhile.
export function pollHealthz(base: string, everyMs = 20): { stop(): Promise<number> } {
  let running = true;
  let answered = 0;
  const loop = (async () => {
    while (running) {
      const r = await fetch(`${base}/healthz`);
      await r.arrayBuffer();
      if (running) answered++;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return { async stop() { running = false; await loop; return answered; } };
}
