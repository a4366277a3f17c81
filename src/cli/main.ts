#!/usr/bin/env node
/**
 * `node dist/cli/main.js …` runs the `millrace` command line exactly as the package's bin does: the bin
 * (bin/millrace.cjs) answers `--version` and loads the bundled CLI (dist/cli/millrace.cjs, entry
 * `program.ts`) through V8's code cache. This file stays so that scripts and docs that call it keep working.
 */
import { createRequire } from 'node:module';

createRequire(import.meta.url)('../../bin/millrace.cjs');
