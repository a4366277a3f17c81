import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from './process-alive.js';

describe('isProcessAlive', () => {
  it('is true for this process and false for one that exited', async () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid ?? -1;
    await once(child, 'exit');
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('is false for ids that cannot be a process', () => {
    expect(isProcessAlive(0)).toBe(false);
    expect(isProcessAlive(-1)).toBe(false);
    expect(isProcessAlive(Number.NaN)).toBe(false);
  });
});
