import { describe, expect, it } from 'vitest';
import { commandsFor, createProgram } from './program.js';

const argv = (...args: string[]): string[] => ['node', 'millrace', ...args];

describe('the millrace program', () => {
  it('registers only the command being run', async () => {
    expect(commandsFor(argv('validate', '--project', 'x'))).toEqual(['validate']);
    const program = await createProgram(argv('run', 'P'));
    expect(program.commands.map((c) => c.name())).toEqual(['run']);
  });

  it('registers every command for help, no command or an unknown one', async () => {
    const all = (await createProgram()).commands.map((c) => c.name());
    expect(all).toEqual(expect.arrayContaining(['run', 'runs', 'validate', 'deploy', 'triggers', 'eval']));
    for (const args of [['--help'], [], ['help', 'run'], ['valdate']]) {
      expect(commandsFor(argv(...args))).toEqual(all);
    }
  });
});
