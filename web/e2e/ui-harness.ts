import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The built CLI (`npm run build`). */
export const cli = join(root, 'dist', 'cli', 'main.js');
/** Where the end-to-end tests write their screenshots. */
export const shots = join(root, 'test-results', 'web-ui');

/** A running `millrace server` over a temp project, its users' tokens, and Chromium. */
export interface UiHarness {
  readonly url: string;
  readonly project: string;
  readonly tokens: Readonly<Record<string, string>>;
  readonly browser: Browser;
  /** A new page signed in as `user`, at `path`. */
  pageAs(user: string, path: string): Promise<Page>;
  /** Calls the REST API as `user`; throws on a status other than `expected`. */
  api<T>(user: string, method: 'GET' | 'POST', path: string, body?: unknown, expected?: number): Promise<T>;
  close(): Promise<void>;
}

/**
 * Writes a project with `write(projectDir)`, creates a token per user (`millrace tokens create`), starts the
 * built CLI's `millrace server` on a free port, and launches Debian's Chromium (or `MILLRACE_CHROMIUM`).
 */
export async function startUi(
  write: (project: string) => void,
  users: readonly (readonly [string, 'reader' | 'operator' | 'deployer' | 'admin'])[],
): Promise<UiHarness> {
  const work = mkdtempSync(join(tmpdir(), 'millrace-web-e2e-'));
  const project = join(work, 'project');
  mkdirSync(project);
  write(project);
  const tokens: Record<string, string> = {};
  for (const [name, role] of users) {
    const r = spawnSync(
      process.execPath,
      [cli, 'tokens', 'create', '--name', name, '--role', role, '--project', project],
      {
        encoding: 'utf8',
        cwd: work,
      },
    );
    if (r.status !== 0) throw new Error(`tokens create ${name}: ${r.stderr}`);
    tokens[name] = r.stdout.trim();
  }
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [cli, 'server', '--port', '0', '--project', project],
    { cwd: work },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  mkdirSync(shots, { recursive: true });
  const executablePath = process.env['MILLRACE_CHROMIUM'] ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    child.kill('SIGTERM');
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's (apt-get install chromium) or set MILLRACE_CHROMIUM`,
    );
  }
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  return {
    url,
    project,
    tokens,
    browser,
    async pageAs(user, path) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      page.setDefaultTimeout(8000);
      await page.goto(`${url}${path}`);
      await signInWith(page, tokens[user] ?? '');
      await page.getByLabel('Signed in as').waitFor();
      return page;
    },
    async api<T>(user: string, method: 'GET' | 'POST', path: string, body?: unknown, expected = 200) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens[user] ?? ''}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
    async close() {
      await browser.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Signs in on the sign-in page `p` is showing. */
export async function signInWith(p: Page, token: string): Promise<void> {
  await p.getByLabel('API token').fill(token);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Accessibility violations (axe-core, WCAG 2 A and AA: labels, names, contrast, ARIA) of what `p` shows. */
export async function axeViolations(p: Page): Promise<string[]> {
  await p.addScriptTag({ content: axeSource });
  return p.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}
