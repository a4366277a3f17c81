import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Azurite's well-known development account key. */
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite blob service for tests. */
export interface Azurite {
  readonly endpoint: string;
  readonly connectionString: string;
  stop(): Promise<void>;
}

/** Starts `azurite-blob` from node_modules on a free port and waits for it to listen. Test helper. */
export async function startAzurite(): Promise<Azurite> {
  const port = await freePort();
  const location = await mkdtemp(join(tmpdir(), 'millrace-azurite-'));
  const bin = join(process.cwd(), 'node_modules', '.bin', 'azurite-blob');
  const child: ChildProcess = spawn(
    bin,
    [
      '--silent',
      '--skipApiVersionCheck',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--location',
      location,
    ],
    { stdio: 'ignore' },
  );
  await waitForPort(port, 20_000);
  const endpoint = `http://127.0.0.1:${port}/devstoreaccount1`;
  return {
    endpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=${endpoint};`,
    async stop() {
      child.kill();
      await new Promise((res) => (child.exitCode !== null ? res(undefined) : child.once('exit', res)));
      await rm(location, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((res) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        res(true);
      });
      s.on('error', () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`azurite did not listen on ${port}`);
}
