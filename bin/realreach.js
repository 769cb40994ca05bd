#!/usr/bin/env node
// Launches the realreach CLI from its compiled JavaScript in dist/ (built by `npm run build`, which `npm install` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The heap flags every command runs with are set in dist/interfaces/cli/heap-flags.js, once the command is loaded.

const main = new URL('../dist/interfaces/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    `realreach: ${fileURLToPath(main)} is missing: run \`npm run build\` in the checkout first\n`,
  );
  process.exit(1);
}
await import(main.href);
