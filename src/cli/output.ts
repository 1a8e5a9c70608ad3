// Where CLI answers go: text for people, --json for scripts; errors as one readable line.
export class UsageError extends Error { override name = 'UsageError'; }

export interface Output {
  result(data: unknown, text: string): void;
  error(message: string): void;
}

export function consoleOutput(json: boolean, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Output {
  return {
    result: (data, text) => { stdout.write(`${json ? JSON.stringify(data, null, 2) : text}\n`); },
    error: (message) => { stderr.write(`error: ${message}\n`); },
  };
}
