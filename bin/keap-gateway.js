#!/usr/bin/env node
// keap-gateway: runs the TypeScript CLI (src/cli/main.ts) through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
process.env.KEAP_GATEWAY_BIN = '1';
await import('../src/cli/main.ts');
