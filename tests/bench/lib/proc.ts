/**
 * Child processes of the benchmark: each hub, worker, baseline app and load client is a
 * real process, so its memory is its own (read from /proc/<pid>/status). Every child is
 * registered here and killed when the benchmark ends, however it ends.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const BENCH_DIR = path.resolve(__dirname, '..');
const REGISTER_TS = path.join(__dirname, 'register-ts.js');

const live = new Set<ChildProcess>();

export interface Child {
  proc: ChildProcess;
  pid: number;
  name: string;
  /** Calls a command of a child started with an RPC entry (see rpc-child.ts). */
  call<T = any>(cmd: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks for a clean exit (so --cpu-prof can write its profile), then kills. */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  name: string;
  env: Record<string, string>;
  execArgv?: string[];
  /** Resolve once this regular expression matches a line of the child's output (for children without IPC readiness). */
  readyLine?: RegExp;
  readyTimeoutMs?: number;
  cwd?: string;
  /** Script arguments. */
  args?: string[];
}

/**
 * Starts a Node script as a child with an IPC channel. TypeScript entries get the SWC hook.
 * Resolves when the child sends { type: 'ready' } (or prints `readyLine`).
 */
export async function spawnChild(script: string, opts: SpawnOptions): Promise<Child & { ready: any }> {
  const execArgv = [...(script.endsWith('.ts') ? ['-r', REGISTER_TS] : []), ...(opts.execArgv ?? [])];
  const proc = fork(script, opts.args ?? [], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(proc);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => { live.delete(proc); resolve(code); }));
  let seq = 0;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  let output = '';
  const tail = () => output.split('\n').slice(-15).join('\n');

  const ready = new Promise<any>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.name}: not ready after ${opts.readyTimeoutMs ?? 120000} ms\n${tail()}`)), opts.readyTimeoutMs ?? 120000);
    const onLine = (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-20000);
      if (process.env.BENCH_VERBOSE) process.stderr.write(`[${opts.name}] ${text}`);
      if (opts.readyLine && opts.readyLine.test(output)) {
        clearTimeout(timer);
        resolve({});
      }
    };
    proc.stdout!.on('data', onLine);
    proc.stderr!.on('data', onLine);
    proc.on('message', (m: any) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve(m);
      } else if (m?.id && pending.has(m.id)) {
        const p = pending.get(m.id)!;
        pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.ok) p.resolve(m.result);
        else p.reject(new Error(`${opts.name}: ${m.error}`));
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${opts.name} exited (${code}) before it was ready\n${tail()}`));
      for (const p of pending.values()) p.reject(new Error(`${opts.name} exited (${code})\n${tail()}`));
      pending.clear();
    });
  });

  const child: Child = {
    proc,
    pid: proc.pid!,
    name: opts.name,
    exited,
    call(cmd, args, timeoutMs = 300000) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${opts.name}: ${cmd} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        proc.send({ id, cmd, args });
      });
    },
    async stop(graceMs = 20000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      if (proc.connected) proc.send({ id: 0, cmd: 'exit' });
      else proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return Object.assign(child, { ready: await ready });
}

/** Kills every child still alive (SIGKILL): the last line of defence on any exit path. */
export function killAll() {
  for (const p of live) {
    try {
      p.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** VmRSS and VmHWM (peak) of a process, in MB; null once it is gone. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in seconds; null once it is gone. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux

/**
 * Samples the memory of a set of processes every `everyMs` while a scenario runs. The peak
 * reported is the larger of the sampled VmRSS and the kernel's VmHWM high-water mark.
 * Also the CPU seconds each process used meanwhile: on a shared machine that is steadier
 * than wall time.
 */
export function sampleMemory(pids: Record<string, number>, everyMs = 250) {
  const peak: Record<string, number> = {};
  const atStart: Record<string, number> = {};
  const cpuStart = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSecondsOf(pid) ?? 0]));
  const cpuLast: Record<string, number> = { ...cpuStart };
  const read = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const m = memoryOf(pid);
      if (m) peak[name] = Math.max(peak[name] ?? 0, m.rssMb, m.hwmMb);
      const cpu = cpuSecondsOf(pid);
      if (cpu != null) cpuLast[name] = cpu;
    }
  };
  for (const [name, pid] of Object.entries(pids)) {
    const m = memoryOf(pid);
    if (m) atStart[name] = m.rssMb;
  }
  read();
  const timer = setInterval(read, everyMs);
  return {
    /** Resident size of each process when sampling began (MB). */
    atStart,
    stop(): Record<string, number> {
      clearInterval(timer);
      read();
      return peak;
    },
    /** CPU seconds used by each process since sampling began (call after stop()). */
    cpuSeconds(): Record<string, number> {
      return Object.fromEntries(Object.keys(pids).map((name) => [name, Math.round((cpuLast[name] - cpuStart[name]) * 100) / 100]));
    },
  };
}
