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

  it.runIf(process.platform === 'linux')(
    'is false for a zombie: exited, its parent not reaping it',
    async () => {
      // The parent forks a child that exits at once, and never waits for it.
      const script =
        'import os, sys, time\npid = os.fork()\nif pid == 0: os._exit(0)\nprint(pid, flush=True)\ntime.sleep(10)';
      const parent = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const [line] = (await once(parent.stdout, 'data')) as [Buffer];
      const zombie = Number(line.toString().trim());
      await new Promise((resolve) => setTimeout(resolve, 100));
      try {
        expect(isProcessAlive(parent.pid ?? -1)).toBe(true);
        expect(isProcessAlive(zombie)).toBe(false);
      } finally {
        parent.kill('SIGKILL');
      }
    },
  );

  it('is false for ids that cannot be a process', () => {
    expect(isProcessAlive(0)).toBe(false);
    expect(isProcessAlive(-1)).toBe(false);
    expect(isProcessAlive(Number.NaN)).toBe(false);
  });
});
