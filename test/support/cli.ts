// Runs keap-gateway CLI commands in-process against a given environment (its store), capturing
// stdout and stderr.
import { runCli } from '../../src/cli/main.js';

export type CliRun = (...argv: string[]) => Promise<{ code: number; out: string; err: string }>;

export function cliRunner(env: NodeJS.ProcessEnv): CliRun {
  return async (...argv) => {
    const res = { out: '', err: '' };
    const code = await runCli(argv, env, { out: (t) => { res.out += t; }, err: (t) => { res.err += t; } });
    return { code, ...res };
  };
}
