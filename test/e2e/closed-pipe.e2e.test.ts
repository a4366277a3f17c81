import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

// `millrace … | head -1`: the reader closes the pipe after the first line. The rest of the output has nowhere
// to go; the command ends quietly with success instead of a stack trace (EPIPE).
describe('a closed output pipe', () => {
  it('ends the command quietly with exit 0', async () => {
    // About 690 KB of JSON: far more than a pipe buffers, so writes after the close fail with EPIPE.
    const child = spawn(process.execPath, [cli, 'eval', '@range(0, 100000)'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let first = '';
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString();
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(first.startsWith('[')).toBe(true);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
