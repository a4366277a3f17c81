/**
 * The long-lived side of the CI examples for the fake runner: a real `millrace server` (the built CLI, a child
 * process on 127.0.0.1:0) over its own copy of the project, the deploy target that outlives every runner, and
 * a shim that makes `millrace` on a runner's PATH this repository's built CLI.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A running server and a client for its deployments API. */
export interface MillraceServer {
  readonly url: string;
  /** Creates a token on the server's project (as its admin would, on the server's machine). */
  token(name: string, role: string): string;
  /** `GET|POST /api/deployments…` with a token; the parsed body and the status. */
  api(path: string, token: string, method?: 'GET' | 'POST'): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/** Writes `<dir>/millrace` (this repo's `dist/cli/main.js` under the test's Node) and `<dir>/node`. */
export function writeMillraceShim(dir: string, cli: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'millrace'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
  chmodSync(join(dir, 'millrace'), 0o755);
  // `node` as setup-node leaves it on PATH (the test's Node stands in for the version asked).
  writeFileSync(join(dir, 'node'), `#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
  chmodSync(join(dir, 'node'), 0o755);
}

/** Starts `millrace server --project <project> --port 0 --no-scheduler` and waits for its URL. */
export async function startMillraceServer(cli: string, project: string): Promise<MillraceServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'server', '--project', project, '--port', '0', '--no-scheduler'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    const onData = (d: Buffer): void => {
      log += d.toString();
      const m = /listening on (\S+)/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited ${String(code)}:\n${log}`)));
  });
  return {
    url,
    token(name, role) {
      const r = spawnSync(
        process.execPath,
        [cli, 'tokens', 'create', '--name', name, '--role', role, '--project', project],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`tokens create ${name}: ${r.stderr}`);
      return r.stdout.trim();
    },
    async api(path, token, method = 'GET') {
      const res = await fetch(new URL(path, url), { method, headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
