#!/usr/bin/env node
// Launches the realreach CLI: registers the TypeScript loader, then hands over to the command-line entry point.
import { register } from 'tsx/esm/api';

register();
await import('../src/interfaces/cli/main.ts');
