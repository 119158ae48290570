#!/usr/bin/env node
// The `brevdue` command. Sources are TypeScript, run through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

// libxml2-wasm (XSD validation) loaded through tsx's loader keeps ~150 MB it never returns;
// loaded natively first, it costs a tenth of that.
await import('libxml2-wasm').catch(() => {});
register();
await import('../src/cli/main.ts');
