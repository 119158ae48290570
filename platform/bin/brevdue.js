#!/usr/bin/env -S node --max-semi-space-size=64
// The `brevdue` command. Sources are TypeScript, run through tsx's loader (no build step).
// A 64 MB young generation: against a remote answering in a second, a letter's objects live
// that long, and in V8's default 16 MB they are promoted and collected at the old generation's
// cost (worker CPU per 1,000 letters sent and archived about 1.95 s → 1.6 s; `npm run bench -- platform`). Node reads
// the flag from this line when the command runs as `brevdue`; `node platform/bin/brevdue.js`
// needs it given (NODE_OPTIONS=--max-semi-space-size=64).
import { register } from 'tsx/esm/api';

// libxml2-wasm (XSD validation) loaded through tsx's loader keeps ~150 MB it never returns;
// loaded natively first, it costs a tenth of that.
await import('libxml2-wasm').catch(() => {});
register();
await import('../src/cli/main.ts');
