/**
 * The hub (`npm start`) and `npm run worker` as real child processes, started through npm
 * as an operator or a container does (`--ignore-scripts` only skips the pre-scripts'
 * compile step, which the test run has done), each the leader of its own process group so
 * a test can check that the whole group (npm, the hub, anything it started) is gone after
 * a signal sent to npm. Output goes to a log file the test reads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axios from 'axios';
import { bootHub, hubEnv, ROOT, waitFor, type Hub } from './hub';
import { attachSimulator, type deliveries, type Simulator } from './portals';

export const freePort = (): Promise<number> => require('../../plugins/syndication/dist/server/infra/redis').freePort();

export interface ChildApp {
  kind: 'hub' | 'worker';
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Base URL of a hub's HTTP API. */
  url: string | null;
  log(): string;
}

const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'syn-procs-'));
let counter = 0;

function spawnApp(kind: 'hub' | 'worker', args: string[], env: Record<string, string>): ChildApp {
  const logFile = path.join(logDir, `${kind}-${counter++}.log`);
  const fd = fs.openSync(logFile, 'w');
  const child = spawn('npm', args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd], detached: true });
  fs.closeSync(fd);
  return { kind, child, pid: child.pid!, logFile, url: env.PORT ? `http://127.0.0.1:${env.PORT}` : null, log: () => fs.readFileSync(logFile, 'utf8') };
}

/**
 * `strapi start` on a free port; resolves once its API answers with the token. A port
 * taken between choosing and listening (other processes share the machine) is retried.
 */
export async function startHubProcess(env: Record<string, string>, token: string): Promise<ChildApp> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const app = spawnApp('hub', ['start', '--ignore-scripts'], { ...env, PORT: String(port) });
    const state = await waitFor(
      `hub process ${app.pid} answering`,
      async () => {
        if (app.child.exitCode !== null) return 'exited';
        const res = await axios.get(`${app.url}/api/syndication/portals`, { headers: { Authorization: `Bearer ${token}` }, validateStatus: () => true, timeout: 2000 });
        return res.status === 200 && 'up';
      },
      120000,
      250
    );
    if (state === 'up') return app;
    if (attempt < 3 && /already used/.test(app.log())) continue;
    throw new Error(`hub exited with ${app.child.exitCode}: ${app.log().slice(-2000)}`);
  }
}

/** `npm run worker` (scripts/worker.js); resolves once it says it is ready. */
export async function startWorkerProcess(env: Record<string, string>): Promise<ChildApp> {
  const app = spawnApp('worker', ['run', 'worker', '--ignore-scripts'], { ...env, SYNDICATION_EMBEDDED_WORKER: 'true' });
  await waitFor(
    `worker process ${app.pid} ready`,
    () => app.child.exitCode !== null || app.log().includes('ready'),
    120000,
    250
  );
  if (app.child.exitCode !== null) throw new Error(`worker exited with ${app.child.exitCode}: ${app.log().slice(-2000)}`);
  return app;
}

/** True while any process of the group led by `pid` is alive. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends `signal` and resolves with the ms until every process of the group is gone (or `limitMs`). */
export async function signalAndTime(app: ChildApp, signal: NodeJS.Signals, limitMs: number): Promise<number> {
  const started = Date.now();
  app.child.kill(signal);
  while (groupAlive(app.pid) && Date.now() - started < limitMs) await new Promise((r) => setTimeout(r, 50));
  return Date.now() - started;
}

/** Teardown: whatever is left of the group is killed. */
export function killGroup(app: ChildApp | null | undefined): void {
  if (!app) return;
  try {
    process.kill(-app.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The shutdown tests' grace (SYNDICATION_SHUTDOWN_GRACE_MS). */
export const SHUTDOWN_GRACE_MS = 3000;

/** The environment of the shutdown tests' hubs and workers; `requestTimeoutMs` is each test's own. */
export const shutdownEnv = (requestTimeoutMs: number): Record<string, string> => ({
  SYNDICATION_SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
  SYNDICATION_REQUEST_TIMEOUT_MS: String(requestTimeoutMs),
  SYNDICATION_RETRY_SCHEDULE: '0.3,0.5,1,1,1,1,1,1,1,1',
  SYNDICATION_RECONCILE_INTERVAL_MS: '1000',
  SYNDICATION_STALLED_INTERVAL_MS: '2000',
  STRAPI_LOG_LEVEL: 'info',
});

/**
 * An in-process hub creates the database, the 119 portals and an API token, and points the
 * portals at the receivers, then stops keeping its data; the processes under test then run
 * on that database with the returned `env`. Drop the data with `setup.dropData()`.
 */
export async function prepareProcessHub(env: Record<string, string>): Promise<{ setup: Hub; sim: Simulator; env: Record<string, string> }> {
  const setup = await bootHub({ env });
  const sim = await attachSimulator(setup);
  await setup.stop({ keepData: true });
  return { setup, sim, env: hubEnv({ env, dbFile: setup.dbFile, pgName: setup.pgName, prefix: setup.prefix }) };
}

/** An item's delivery summary as a hub process answers it over HTTP. */
export async function deliverySummaryOver(app: ChildApp, token: string, documentId: string) {
  const r = await fetch(`${app.url}/api/syndication/items/${documentId}/deliveries`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await r.json()) as Awaited<ReturnType<typeof deliveries>>).summary;
}
