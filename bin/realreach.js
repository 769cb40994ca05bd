#!/usr/bin/env node
// Launches the realreach CLI from its compiled JavaScript bundled in dist/cli/ (built by `npm run build`, which `npm install` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The heap flags every command runs with are set once the command is loaded (src/interfaces/cli/heap-flags.ts).

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    `realreach: ${fileURLToPath(main)} is missing: run \`npm run build\` in the checkout first\n`,
  );
  process.exit(1);
}
await import(main.href);
