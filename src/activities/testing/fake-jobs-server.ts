import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One submitted run as the fake workspace keeps it. */
export interface FakeRun {
  readonly runId: number;
  readonly taskRunId: number;
  readonly body: Record<string, unknown>;
  /** The `Authorization` header of the `runs/submit` request. */
  readonly authorization: string | undefined;
  /** Number of `runs/get` calls answered; the run is RUNNING for the first two, then final. */
  polls: number;
  cancelled: boolean;
}

/** A local stand-in for the Databricks Jobs API 2.1 (runs/submit, runs/get, runs/get-output, runs/cancel). */
export interface FakeJobsServer {
  readonly url: string;
  readonly token: string;
  readonly runs: FakeRun[];
  /** What a finished run reports: its result state, exit value and error. */
  outcome: { result_state: string; result?: string; error?: string };
  /** Polls before the run is final (default 2). */
  pollsToFinish: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/** Starts the fake on 127.0.0.1, port 0. Requests without `Authorization: Bearer <token>` get 401. */
export async function startFakeJobsServer(token = 'dapi-test-token'): Promise<FakeJobsServer> {
  const runs: FakeRun[] = [];
  const state: FakeJobsServer = {
    url: '',
    token,
    runs,
    outcome: { result_state: 'SUCCESS' },
    pollsToFinish: 2,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const lifeCycle = (run: FakeRun): Record<string, unknown> => {
    if (run.cancelled)
      return { life_cycle_state: 'TERMINATED', result_state: 'CANCELED', state_message: 'Run cancelled.' };
    if (run.polls <= state.pollsToFinish)
      return { life_cycle_state: run.polls === 1 ? 'PENDING' : 'RUNNING', state_message: '' };
    return { life_cycle_state: 'TERMINATED', result_state: state.outcome.result_state, state_message: '' };
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.headers.authorization !== `Bearer ${token}`)
        return send(res, 401, { error_code: 'UNAUTHENTICATED', message: 'Invalid access token.' });
      const url = new URL(req.url ?? '/', 'http://x');
      const runId = Number(url.searchParams.get('run_id'));
      if (req.method === 'POST' && url.pathname === '/api/2.1/jobs/runs/submit') {
        const body = await readBody(req);
        if (!Array.isArray(body['tasks']) || body['tasks'].length === 0) {
          return send(res, 400, { error_code: 'INVALID_PARAMETER_VALUE', message: 'tasks is required' });
        }
        const run: FakeRun = {
          runId: 100 + runs.length,
          taskRunId: 900 + runs.length,
          body,
          authorization: req.headers.authorization,
          polls: 0,
          cancelled: false,
        };
        runs.push(run);
        return send(res, 200, { run_id: run.runId });
      }
      if (req.method === 'POST' && url.pathname === '/api/2.1/jobs/runs/cancel') {
        const body = await readBody(req);
        const run = runs.find((r) => r.runId === body['run_id']);
        if (run) run.cancelled = true;
        return send(res, 200, {});
      }
      if (req.method === 'GET' && url.pathname === '/api/2.1/jobs/runs/get') {
        const run = runs.find((r) => r.runId === runId);
        if (!run)
          return send(res, 400, {
            error_code: 'INVALID_PARAMETER_VALUE',
            message: `Run ${runId} does not exist.`,
          });
        run.polls++;
        const s = lifeCycle(run);
        const page = `${state.url}/#job/1/run/${run.runId}`;
        return send(res, 200, {
          run_id: run.runId,
          state: s,
          run_page_url: page,
          tasks: [{ run_id: run.taskRunId, task_key: 'millrace', state: s }],
        });
      }
      if (req.method === 'GET' && url.pathname === '/api/2.1/jobs/runs/get-output') {
        if (runs.some((r) => r.runId === runId)) {
          return send(res, 400, {
            error_code: 'INVALID_PARAMETER_VALUE',
            message:
              'Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.',
          });
        }
        const run = runs.find((r) => r.taskRunId === runId);
        if (!run)
          return send(res, 400, {
            error_code: 'INVALID_PARAMETER_VALUE',
            message: `Run ${runId} does not exist.`,
          });
        const { result, error } = state.outcome;
        return send(res, 200, {
          metadata: { run_id: runId },
          ...(result === undefined ? {} : { notebook_output: { result, truncated: false } }),
          ...(error === undefined ? {} : { error, error_trace: `Traceback…\n${error}` }),
        });
      }
      send(res, 404, {
        error_code: 'ENDPOINT_NOT_FOUND',
        message: `No API found for '${req.method} ${url.pathname}'`,
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (state as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
