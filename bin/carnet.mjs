#!/usr/bin/env node
// Node 24 runs the TypeScript sources directly (type stripping): no build step for the CLI.
import { run } from '../src/cli/main.ts';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`carnet: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
