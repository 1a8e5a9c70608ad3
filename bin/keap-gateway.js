#!/usr/bin/env node
// keap-gateway: runs the compiled CLI (dist/cli/main.js). `npm run build` makes it (npm ci does too,
// through the prepare script); no TypeScript runner is needed at run time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write(`keap-gateway: ${fileURLToPath(cli)} is missing: run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))} first\n`);
  process.exit(2);
}
const { main } = await import(cli.href);
await main(process.argv.slice(2));
