// Where CLI answers go: text for people, --json for scripts; errors as one readable line on stderr.
export class UsageError extends Error { override name = 'UsageError'; }

/** The two streams of one invocation (process.stdout/stderr, or buffers in tests). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Output {
  result(data: unknown, text: string): void;
  error(message: string): void;
}

export const processIo: CliIo = {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
};

export function consoleOutput(json: boolean, io: CliIo = processIo): Output {
  return {
    result: (data, text) => { io.out(`${json ? JSON.stringify(data, null, 2) : text}\n`); },
    error: (message) => { io.err(`error: ${message}\n`); },
  };
}
