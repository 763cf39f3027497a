#!/usr/bin/env node
// The `sijill` command. TypeScript sources run through tsx's loader; no build step.
// `clocks evaluate` reads only a file, so it starts without loading the register's modules.
import { register } from 'tsx/esm/api';

register();
if (process.argv[2] === 'clocks' && process.argv[3] === 'evaluate') await import('../src/cli/clocks-main.ts');
else await import('../src/cli/main.ts');
