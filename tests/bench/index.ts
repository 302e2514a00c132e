/**
 * `npm run bench [-- --quick] [-- --only=a,b,c,d,e,f] [-- --profile] [-- --rounds=N --items=N --scale-items=N --scale-portals=N]`
 *
 * Side by side, in one run on one machine (see docs/BENCHMARKS.md):
 *  (a) one publish → 119 portals delivered AND recorded: median and p95 over N publishes;
 *  (b) a backlog of items × 119 portals: deliveries/s end to end, every record written; peak RSS;
 *  (c) 12 hanging + 12 failing (503) portals: time until the 95 others have it, on both
 *      simulator topologies (a port per portal; one shared host with a path per portal);
 *  (d) (a) and (b) against Strapi's built-in webhooks (the baseline) and the raw-HTTP ceiling;
 *  (e) (b) on PostgreSQL, and with 2 separate workers (hub's embedded worker off);
 *  (f) one publish → 4,000 portals on the shared-host topology.
 * The last line of output is one JSON object with every figure.
 * Everything runs on loopback, bounded in time, and every process is killed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../helpers/hub';
import { sampleItem } from '../helpers/portals';
import { killAll, sampleMemory, spawnChild } from './lib/proc';
import { summariseProfile } from './lib/profile';
import { replaceBlock } from './lib/doc';
import { arrivalsOf, lastRequestAt, randomPortals, startBaseline, startOurs, startSimulator, stopAll, totalRequests, type OurStack } from './lib/stacks';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const PROFILE = argv.includes('--profile');
const ONLY_ARG = argv.find((a) => a.startsWith('--only='));
const DOC = path.resolve(__dirname, '..', '..', 'docs', 'BENCHMARKS.md');
const ONLY = new Set((ONLY_ARG?.slice(7) ?? 'a,b,c,d,e,f').split(',').map((s) => s.trim()));

const SIZE = QUICK
  ? { rounds: 5, warmup: 1, items: 30, scaleItems: 20, portals4000: 4000 }
  : { rounds: 20, warmup: 2, items: 400, scaleItems: 400, portals4000: 4000 };
// Overrides for exploring (--rounds=N --items=N --scale-items=N --scale-portals=N); such runs are not recorded.
const OVERRIDES = { rounds: 'rounds', items: 'items', 'scale-items': 'scaleItems', 'scale-portals': 'portals4000' } as const;
for (const [flag, key] of Object.entries(OVERRIDES)) {
  const arg = argv.find((a) => a.startsWith(`--${flag}=`));
  if (arg) SIZE[key] = Math.max(1, Number(arg.split('=')[1]) || SIZE[key]);
}
const OVERRIDDEN = Object.keys(OVERRIDES).some((flag) => argv.some((a) => a.startsWith(`--${flag}=`)));
/** A complete run records its figures in docs/BENCHMARKS.md; partial, quick or resized runs only when asked. */
const WRITE_DOC = argv.includes('--write-doc') || (!QUICK && !ONLY_ARG && !OVERRIDDEN && !argv.includes('--no-doc'));
const PORTALS = 119;
const WATCHDOG_ARG = argv.find((a) => a.startsWith('--watchdog='));
const WATCHDOG_MS = WATCHDOG_ARG ? Number(WATCHDOG_ARG.slice(11)) * 1000 : QUICK ? 165_000 : 40 * 60_000;
const PROFILE_DIR = path.resolve(__dirname, '..', '..', '.tmp', 'bench');

/** An item of realistic size: the sample direction item with a body of about 3 KB (envelope ≈ 4 KB). */
const ITEM = (() => {
  const base = sampleItem();
  const para = '<p>Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành và Ủy ban nhân dân các xã, phường khẩn trương triển khai, báo cáo kết quả thực hiện trước ngày 30 hằng tháng.</p>';
  return { ...base, body: base.body + para.repeat(16) };
})();

const results: Record<string, any> = {};
const notes: string[] = [];
const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const round3 = (x: number | null | undefined) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 1000) / 1000);
const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number) {
  if (!xs.length) return null;
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** Waits for a condition, polling every `everyMs`; null on timeout instead of throwing. */
async function until<T>(what: string, fn: () => Promise<T | false> | T | false, timeoutMs: number, everyMs: number): Promise<T | null> {
  try {
    return await waitFor(what, fn as any, timeoutMs, everyMs);
  } catch (e: any) {
    notes.push(`timeout: ${e.message}`);
    log(e.message);
    return null;
  }
}

// ---------------------------------------------------------------- (a) one publish → 119

async function fanoutOurs(stack: OurStack, rounds: number, warmup: number) {
  const ids: string[] = await stack.hub.call('createItems', { count: rounds + warmup, item: ITEM });
  const recorded: number[] = [];
  const lastArrival: number[] = [];
  const medianArrival: number[] = [];
  const firstArrival: number[] = [];
  const publishCall: number[] = [];
  for (const [i, id] of ids.entries()) {
    const t0 = Date.now();
    const call = await stack.hub.call('publish', id);
    const ok = await until(`round ${i}: ${PORTALS} recorded`, async () => (await stack.db.delivered(id)) >= PORTALS, 60_000, 5);
    const t1 = Date.now();
    if (!ok) break;
    if (i < warmup) continue;
    const arrivals = arrivalsOf(stack.sim, id);
    recorded.push((t1 - t0) / 1000);
    lastArrival.push((Math.max(...arrivals) - t0) / 1000);
    medianArrival.push((median(arrivals)! - t0) / 1000);
    firstArrival.push((Math.min(...arrivals) - t0) / 1000);
    publishCall.push(call.ms / 1000);
  }
  return { recorded, lastArrival, medianArrival, firstArrival, publishCall };
}

async function fanoutBaseline(stack: Awaited<ReturnType<typeof startBaseline>>, rounds: number, warmup: number) {
  const ids: string[] = await stack.app.call('createItems', { count: rounds + warmup, item: ITEM });
  const lastArrival: number[] = [];
  const medianArrival: number[] = [];
  for (const [i, id] of ids.entries()) {
    const before = totalRequests(stack.sim);
    const t0 = Date.now();
    await stack.app.call('publish', id);
    const ok = await until(`baseline round ${i}: ${PORTALS} arrived`, () => totalRequests(stack.sim) >= before + PORTALS, 60_000, 5);
    if (!ok) break;
    if (i < warmup) continue;
    const arrivals = [...stack.sim.portals.values()].map((p) => p.requests[p.requests.length - 1]);
    lastArrival.push((Math.max(...arrivals) - t0) / 1000);
    medianArrival.push((median(arrivals)! - t0) / 1000);
  }
  return { lastArrival, medianArrival };
}

// ---------------------------------------------------------------- (b) backlog throughput

async function backlogOurs(stack: OurStack, items: number, profileAs?: string) {
  const ids: string[] = await stack.hub.call('createItems', { count: items, item: ITEM }, 600_000);
  const expected = items * stack.portalCodes.length;
  const before = await stack.db.delivered();
  const acceptedBefore = stack.sim.totalAccepted();
  const pids: Record<string, number> = { hub: stack.hub.pid };
  stack.workers.forEach((w, i) => (pids[`worker${i + 1}`] = w.pid));
  if (profileAs) await stack.hub.call('profileStart');
  const statementsBefore: number = await stack.hub.call('statements');
  const mem = sampleMemory(pids);
  const t0 = Date.now();
  const published = await stack.hub.call('publishMany', ids, 900_000);
  const done = await until(`backlog of ${expected} recorded`, async () => (await stack.db.delivered()) - before >= expected, Math.max(120_000, expected * 10), 100);
  const t1 = Date.now();
  const peak = mem.stop();
  const profile = profileAs ? await stack.hub.call('profileStop', profileAs) : null;
  const recorded = (await stack.db.delivered()) - before;
  const arrived = stack.sim.totalAccepted() - acceptedBefore;
  const statements = (await stack.hub.call('statements')) - statementsBefore;
  const hubMemoryAtEnd = await stack.hub.call('memory');
  const cpu = mem.cpuSeconds();
  const cpuTotal = Object.values(cpu).reduce((x, y) => x + y, 0);
  return {
    cpuSeconds: cpu,
    hubMemoryAtEnd,
    cpuMsPerDelivery: Math.round((100 * 1000 * cpuTotal) / Math.max(1, recorded)) / 100,
    // SQL statements sent by the hub process (publishing, fan-out and, with the embedded worker, delivery), per delivery.
    hubSqlPerDelivery: Math.round((100 * statements) / Math.max(1, recorded)) / 100,
    complete: Boolean(done),
    deliveries: recorded,
    arrived,
    seconds: (t1 - t0) / 1000,
    publishSeconds: published.ms / 1000,
    perSecond: recorded / ((t1 - t0) / 1000),
    rssMb: peak,
    rssAtStartMb: mem.atStart,
    profile,
  };
}

async function backlogBaseline(stack: Awaited<ReturnType<typeof startBaseline>>, items: number) {
  const ids: string[] = await stack.app.call('createItems', { count: items, item: ITEM }, 600_000);
  const expected = items * PORTALS;
  const before = totalRequests(stack.sim);
  const mem = sampleMemory({ baseline: stack.app.pid });
  const t0 = Date.now();
  const published = await stack.app.call('publishMany', ids, 900_000);
  const done = await until(`baseline backlog of ${expected} arrived`, () => totalRequests(stack.sim) - before >= expected, Math.max(120_000, expected * 10), 50);
  const t1 = done ? lastRequestAt(stack.sim) : Date.now();
  const peak = mem.stop();
  const arrived = totalRequests(stack.sim) - before;
  const cpu = mem.cpuSeconds();
  return { cpuSeconds: cpu, cpuMsPerDelivery: Math.round((100 * 1000 * cpu.baseline) / Math.max(1, arrived)) / 100, complete: Boolean(done), deliveries: arrived, seconds: (t1 - t0) / 1000, publishSeconds: published.ms / 1000, perSecond: arrived / ((t1 - t0) / 1000), rssMb: peak, rssAtStartMb: mem.atStart };
}

// ---------------------------------------------------------------- (c) isolation

async function isolation(topology: 'per-port' | 'shared') {
  const stack = await startOurs({ name: `isolation ${topology}` , topology });
  try {
    const [warm, id] = await stack.hub.call('createItems', { count: 2, item: ITEM });
    await stack.hub.call('publish', warm);
    await until('warm-up recorded', async () => (await stack.db.delivered(warm)) >= PORTALS, 60_000, 20);
    // Spread the faulty portals over the registry: every 5th code hangs or answers 503.
    const codes = [...stack.portalCodes].sort();
    const hanging = codes.filter((_, i) => i % 5 === 0).slice(0, 12);
    const failing = codes.filter((_, i) => i % 5 === 2).slice(0, 12);
    for (const c of hanging) stack.sim.setFault(c, { mode: 'hang' });
    for (const c of failing) stack.sim.setFault(c, { mode: 'error', status: 503 });
    const faulty = new Set([...hanging, ...failing]);
    const healthy = codes.filter((c) => !faulty.has(c));
    const t0 = Date.now();
    await stack.hub.call('publish', id);
    const ok = await until(`${healthy.length} healthy portals (${topology})`, () => healthy.every((c) => stack.sim.portals.get(c)!.receiver.copies.has(id)), 60_000, 5);
    const arrivedAt = ok ? Math.max(...arrivalsOf(stack.sim, id, healthy)) : null;
    const recordedOk = ok ? await until(`${healthy.length} healthy recorded (${topology})`, async () => (await stack.db.delivered(id)) >= healthy.length, 60_000, 10) : null;
    const recordedAt = recordedOk ? Date.now() : null;
    const got = healthy.filter((c) => stack.sim.portals.get(c)!.receiver.copies.has(id)).length;
    return { healthy: healthy.length, got, arrivedS: arrivedAt ? (arrivedAt - t0) / 1000 : null, recordedS: recordedAt ? (recordedAt - t0) / 1000 : null };
  } finally {
    await stack.stop();
  }
}

/** (c) for the baseline (complete runs only: about 2 minutes): the same faults, arrival at the 95 others. */
async function isolationBaseline(stack: Awaited<ReturnType<typeof startBaseline>>) {
  const [id] = await stack.app.call('createItems', { count: 1, item: ITEM });
  const codes = [...stack.sim.portals.keys()].sort();
  const faulty = new Set([...codes.filter((_, i) => i % 5 === 0).slice(0, 12), ...codes.filter((_, i) => i % 5 === 2).slice(0, 12)]);
  codes.filter((_, i) => i % 5 === 0).slice(0, 12).forEach((c) => stack.sim.setFault(c, { mode: 'hang' }));
  codes.filter((_, i) => i % 5 === 2).slice(0, 12).forEach((c) => stack.sim.setFault(c, { mode: 'error', status: 503 }));
  const healthy = codes.filter((c) => !faulty.has(c)).map((c) => stack.sim.portals.get(c)!);
  const before = new Map(healthy.map((p) => [p.code, p.requests.length]));
  const t0 = Date.now();
  await stack.app.call('publish', id);
  const ok = await until('baseline: 95 healthy portals', () => healthy.every((p) => p.requests.length > before.get(p.code)!), 200_000, 20);
  return ok ? (Math.max(...healthy.map((p) => p.requests[p.requests.length - 1])) - t0) / 1000 : null;
}

// ---------------------------------------------------------------- (d) raw-HTTP ceiling

async function ceiling(items: number) {
  const portals = randomPortals(PORTALS);
  const sim = await startSimulator(portals, 'per-port');
  const client = await spawnChild(path.join(__dirname, 'lib', 'ceiling-child.ts'), { name: 'ceiling', env: {} });
  try {
    const mem = sampleMemory({ client: client.pid });
    const total = items * PORTALS;
    const run = await client.call('run', { targets: portals.map((p) => ({ endpoint: sim.portals.get(p.code)!.endpoint, secret: p.secret })), total, concurrency: 64, bodyBytes: 4096 }, 600_000);
    const rssMb = mem.stop().client;
    const cpu = mem.cpuSeconds().client;
    return { ...run, total, perSecond: run.ok / (run.ms / 1000), accepted: sim.totalAccepted(), rssMb, cpuSeconds: cpu, cpuMsPerDelivery: Math.round((100 * 1000 * cpu) / Math.max(1, run.ok)) / 100 };
  } finally {
    await client.stop();
    await sim.close();
  }
}

// ---------------------------------------------------------------- (f) 4,000 portals

async function scale(portals: number) {
  const registering = Date.now();
  const stack = await startOurs({ name: 'scale', topology: 'shared', extraPortals: portals - PORTALS });
  const setupS = (Date.now() - registering) / 1000;
  try {
    const n = stack.portalCodes.length;
    const [warm] = await stack.hub.call('createItems', { count: 1, item: { ...ITEM, targets: { scope: 'portals', portals: stack.portalCodes.slice(0, 10) } } });
    const [id] = await stack.hub.call('createItems', { count: 1, item: ITEM });
    await stack.hub.call('publish', warm);
    await until('scale warm-up', async () => (await stack.db.delivered(warm)) >= 10, 60_000, 20);
    const mem = sampleMemory({ hub: stack.hub.pid });
    const t0 = Date.now();
    await stack.hub.call('publish', id);
    const ok = await until(`${n} portals recorded`, async () => (await stack.db.delivered(id)) >= n, 180_000, 20);
    const t1 = Date.now();
    const arrivals = arrivalsOf(stack.sim, id);
    return { portals: n, setupS, complete: Boolean(ok), recordedS: (t1 - t0) / 1000, lastArrivalS: arrivals.length ? (Math.max(...arrivals) - t0) / 1000 : null, arrived: arrivals.length, rssMb: mem.stop().hub };
  } finally {
    await stack.stop();
  }
}

// ---------------------------------------------------------------- report

function table() {
  const r = results;
  const ratio = (x: number | null, y: number | null) => (x != null && y ? `${(x / y).toFixed(2)}×` : '–');
  const f = (x: number | null | undefined, unit = '') => (x == null ? '–' : `${x}${unit}`);
  const rows: string[][] = [
    ['measure', 'ours', 'Strapi webhooks', 'raw HTTP', 'ours ÷ baseline', 'ours ÷ ceiling', 'target'],
    ['(a) 1 publish → 119, median (s)', f(r.fanout_median_s), f(r.baseline_fanout_median_s), '', ratio(r.fanout_median_s, r.baseline_fanout_median_s), '', '≤ 1.0× baseline'],
    ['(a) 1 publish → 119, p95 (s)', f(r.fanout_p95_s), f(r.baseline_fanout_p95_s), '', ratio(r.fanout_p95_s, r.baseline_fanout_p95_s), '', ''],
    ['(a) median arrival at portals (s)', f(r.fanout_median_arrival_s), f(r.baseline_median_arrival_s), '', ratio(r.fanout_median_arrival_s, r.baseline_median_arrival_s), '', ''],
    ['(b) backlog deliveries/s', f(r.throughput_per_s), f(r.baseline_throughput_per_s), f(r.ceiling_per_s), ratio(r.throughput_per_s, r.baseline_throughput_per_s), ratio(r.throughput_per_s, r.ceiling_per_s), '≥ 2× baseline'],
    ['(b) of which publishing the backlog (s)', f(round3(r.backlog?.publishSeconds)), f(round3(r.baseline_backlog?.publishSeconds)), '', '', '', ''],
    ['(b) CPU ms per delivery (our processes / app / client)', f(r.backlog?.cpuMsPerDelivery), f(r.baseline_backlog?.cpuMsPerDelivery), f(r.ceiling?.cpuMsPerDelivery), ratio(r.backlog?.cpuMsPerDelivery, r.baseline_backlog?.cpuMsPerDelivery), '', ''],
    ['(b) SQL statements per delivery (hub)', f(r.backlog?.hubSqlPerDelivery), '', '', '', '', ''],
    ['(b) peak RSS (MB)', f(r.rss_mb), f(r.baseline_rss_mb), f(r.ceiling_rss_mb), ratio(r.rss_mb, r.baseline_rss_mb), '', '≤ 0.5× baseline'],
    ['(b) RSS before the backlog, booted and warm (MB)', f(r.rss_before_backlog_mb), f(r.baseline_rss_before_backlog_mb), '', ratio(r.rss_before_backlog_mb, r.baseline_rss_before_backlog_mb), '', ''],
    ['(c) 95 healthy, port per portal (s)', f(r.healthy95_s), f(r.baseline_healthy95_s), '', ratio(r.healthy95_s, r.baseline_healthy95_s), '', '< 2 s'],
    ['(c) 95 healthy, shared host (s)', f(r.healthy95_shared_host_s), '', '', '', '', '< 2 s'],
    ['(e) PostgreSQL: publishing the backlog (s)', f(round3(r.pg_backlog?.publishSeconds)), '', '', '', '', ''],
    ['(e) PostgreSQL deliveries/s', f(r.pg_throughput_per_s), '', f(r.ceiling_per_s), ratio(r.pg_throughput_per_s, r.baseline_throughput_per_s), ratio(r.pg_throughput_per_s, r.ceiling_per_s), ''],
    ['(e) PG, hub + 2 workers deliveries/s', f(r.two_workers_throughput_per_s), '', f(r.ceiling_per_s), ratio(r.two_workers_throughput_per_s, r.baseline_throughput_per_s), ratio(r.two_workers_throughput_per_s, r.ceiling_per_s), ''],
    ['(e) PostgreSQL: CPU ms per delivery (hub)', f(r.pg_backlog?.cpuMsPerDelivery), '', '', '', '', ''],
    ['(e) PG, hub + 2 workers: CPU ms per delivery', f(r.two_workers_backlog?.cpuMsPerDelivery), '', '', '', '', ''],
    ['(e) PG, hub + 2 workers peak RSS (MB)', f(r.two_workers_rss_mb), '', '', '', '', ''],
    ['(f) 1 publish → 4,000 recorded (s)', f(r.fanout_4000_s), '', '', '', '', '< 5 s'],
    ['(f) 4,000 portals, hub peak RSS (MB)', f(r.rss_4000_mb), '', '', '', '', ''],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

function writeDoc() {
  const m = results.machine;
  const figures = [
    `Run of ${results.date.slice(0, 16).replace('T', ' ')} UTC${results.quick ? ' (--quick)' : ''}, ${results.elapsed_s ?? '?'} s.`,
    `Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memory_gb} GB RAM, Node ${m.node}; load average ${m.load_avg_at_start.join(' / ')} at the start, ${m.load_avg_at_end?.join(' / ') ?? '?'} at the end (1 / 5 / 15 min).`,
    `Sizes: ${results.sizes.rounds} timed publishes for (a); backlog of ${results.sizes.backlog_items} items × ${PORTALS} portals for (b) and the baseline; ${results.sizes.scale_items} items × ${PORTALS} for (e); ${results.sizes.scale_portals} portals for (f).`,
    '',
    table(),
    ...(notes.length ? ['', ...notes.map((n) => `- note: ${n.split('\n')[0]}`)] : []),
    '',
    '```json',
    JSON.stringify(Object.fromEntries(KEYS.map((k) => [k, results[k]]))),
    '```',
  ].join('\n');
  replaceBlock(DOC, 'figures', figures);
  const profiles = [results.profile, results.pg_profile].filter(Boolean);
  if (profiles.length) {
    replaceBlock(
      DOC,
      'profile',
      profiles
        .map((p: any) =>
          [
            `The hub's main thread during the backlog (${p.label}): ${p.busyMs} ms sampled outside idle (V8 sampling profiler, 0.5 ms interval, wall-clock samples, so time spent waiting for a CPU on a loaded machine counts where the thread stood; native frames charged to their JavaScript caller). The process's own CPU time is in the JSON (\`backlog.cpuSeconds\`).`,
            '',
            '| area | share |',
            '|---|---|',
            ...p.areas.map((a: any) => `| ${a.name} | ${a.pct} % |`),
            '',
            '| function | share |',
            '|---|---|',
            ...p.functions.map((f: any) => `| \`${f.name}\` | ${f.pct} % |`),
          ].join('\n')
        )
        .join('\n\n')
    );
  }
}

function loadAvg() {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

function machine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model,
    memory_gb: Math.round(memKb / 2 ** 20),
    node: process.version,
    load_avg_at_start: loadAvg(),
  };
}

// ---------------------------------------------------------------- main

/** One scenario: a failure is noted and the run goes on to the next. */
async function step(label: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (e: any) {
    if (finished) return;
    notes.push(`${label}: ${e?.message ?? e}`);
    log(`${label} failed: ${e?.stack ?? e}`);
  }
}

async function main() {
  const started = Date.now();
  results.date = new Date().toISOString();
  results.quick = QUICK;
  results.machine = machine();
  results.sizes = { portals: PORTALS, rounds: SIZE.rounds, backlog_items: SIZE.items, scale_items: SIZE.scaleItems, scale_portals: SIZE.portals4000 };
  fs.mkdirSync(PROFILE_DIR, { recursive: true });

  if (ONLY.has('a') || ONLY.has('b')) await step('(a)/(b) ours', async () => {
    log('ours, SQLite: (a) fan-out, (b) backlog');
    const stack = await startOurs({ name: 'ours' });
    try {
      if (ONLY.has('a')) {
        const a = await fanoutOurs(stack, SIZE.rounds, SIZE.warmup);
        Object.assign(results, {
          fanout_median_s: round3(median(a.recorded)),
          fanout_p95_s: round3(quantile(a.recorded, 0.95)),
          fanout_median_arrival_s: round3(median(a.medianArrival)),
          fanout_last_arrival_median_s: round3(median(a.lastArrival)),
          // Where (a)'s time goes: the publish transaction (with the fan-out), then the first and last arrival.
          fanout_breakdown_median_s: {
            publish_call: round3(median(a.publishCall)),
            first_arrival: round3(median(a.firstArrival)),
            median_arrival: round3(median(a.medianArrival)),
            last_arrival: round3(median(a.lastArrival)),
            last_recorded: round3(median(a.recorded)),
          },
          fanout_rounds: a.recorded.length,
        });
        log(`(a) ours: median ${results.fanout_median_s} s, p95 ${results.fanout_p95_s} s over ${a.recorded.length}; median breakdown ${JSON.stringify(results.fanout_breakdown_median_s)}`);
      }
      if (ONLY.has('b')) {
        const profileFile = PROFILE ? path.join(PROFILE_DIR, `hub-backlog-${Date.now()}.cpuprofile`) : undefined;
        const b = await backlogOurs(stack, SIZE.items, profileFile);
        Object.assign(results, { throughput_per_s: Math.round(b.perSecond), rss_mb: Math.round(b.rssMb.hub), rss_before_backlog_mb: Math.round(b.rssAtStartMb.hub), backlog: { ...b, profile: undefined } });
        log(`(b) ours: ${results.throughput_per_s}/s, ${b.deliveries} recorded in ${b.seconds} s (publishing took ${b.publishSeconds} s), RSS ${results.rss_mb} MB (at the end: ${JSON.stringify(b.hubMemoryAtEnd)}), ${b.hubSqlPerDelivery} SQL statements per delivery`);
        if (b.profile) {
          results.profile = { label: 'SQLite, embedded worker', file: path.relative(process.cwd(), b.profile), ...summariseProfile(b.profile) };
        }
      }
    } finally {
      await stack.stop();
    }
  });

  if (ONLY.has('c')) {
    for (const topology of ['per-port', 'shared'] as const) {
      log(`(c) isolation, ${topology}`);
      try {
        const c = await isolation(topology);
        results[topology === 'shared' ? 'healthy95_shared_host_s' : 'healthy95_s'] = round3(c.arrivedS);
        results[topology === 'shared' ? 'isolation_shared_host' : 'isolation'] = c;
        log(`(c) ${topology}: ${c.got}/${c.healthy} healthy in ${c.arrivedS} s (recorded ${c.recordedS} s)`);
      } catch (e: any) {
        notes.push(`(c) ${topology}: ${e.message}`);
        log(`(c) ${topology} not measured: ${e.message}`);
      }
    }
  }

  if (ONLY.has('d')) await step('(d) baseline and ceiling', async () => {
    log('(d) baseline: Strapi built-in webhooks');
    const base = await startBaseline(PORTALS);
    try {
      const a = await fanoutBaseline(base, SIZE.rounds, SIZE.warmup);
      Object.assign(results, {
        baseline_fanout_median_s: round3(median(a.lastArrival)),
        baseline_fanout_p95_s: round3(quantile(a.lastArrival, 0.95)),
        baseline_median_arrival_s: round3(median(a.medianArrival)),
      });
      log(`(d) baseline fan-out: median ${results.baseline_fanout_median_s} s`);
      const b = await backlogBaseline(base, SIZE.items);
      Object.assign(results, { baseline_throughput_per_s: Math.round(b.perSecond), baseline_rss_mb: Math.round(b.rssMb.baseline), baseline_rss_before_backlog_mb: Math.round(b.rssAtStartMb.baseline), baseline_backlog: b });
      log(`(d) baseline backlog: ${results.baseline_throughput_per_s}/s, RSS ${results.baseline_rss_mb} MB`);
      if (!QUICK && ONLY.has('c')) {
        results.baseline_healthy95_s = round3(await isolationBaseline(base));
        log(`(d) baseline with 12 hanging + 12 failing: 95 healthy in ${results.baseline_healthy95_s} s`);
      }
    } finally {
      await base.stop();
    }
    log('(d) raw-HTTP ceiling');
    const c = await ceiling(SIZE.items);
    Object.assign(results, { ceiling_per_s: Math.round(c.perSecond), ceiling_rss_mb: Math.round(c.rssMb), ceiling: c });
    log(`(d) ceiling: ${results.ceiling_per_s}/s (${c.ok} ok, ${c.failed} failed)`);
  });

  if (ONLY.has('e')) await step('(e) PostgreSQL', async () => {
    log('(e) ours on PostgreSQL');
    const pg = await startOurs({ name: 'pg', postgres: true });
    try {
      const profileFile = PROFILE ? path.join(PROFILE_DIR, `hub-backlog-pg-${Date.now()}.cpuprofile`) : undefined;
      const b = await backlogOurs(pg, SIZE.scaleItems, profileFile);
      Object.assign(results, { pg_throughput_per_s: Math.round(b.perSecond), pg_rss_mb: Math.round(b.rssMb.hub), pg_backlog: { ...b, profile: undefined } });
      if (b.profile) results.pg_profile = { label: 'PostgreSQL, embedded worker', file: path.relative(process.cwd(), b.profile), ...summariseProfile(b.profile) };
      log(`(e) PostgreSQL: ${results.pg_throughput_per_s}/s`);
    } finally {
      await pg.stop();
    }
  });
  if (ONLY.has('e')) await step('(e) PostgreSQL, 2 workers', async () => {
    log('(e) ours on PostgreSQL, hub + 2 separate workers');
    const two = await startOurs({ name: 'pg2', postgres: true, workers: 2 });
    try {
      const b = await backlogOurs(two, SIZE.scaleItems);
      const total = Object.values(b.rssMb).reduce((x: number, y: number) => x + y, 0);
      Object.assign(results, { two_workers_throughput_per_s: Math.round(b.perSecond), two_workers_rss_mb: Math.round(total), two_workers_rss_by_process_mb: Object.fromEntries(Object.entries(b.rssMb).map(([k, v]) => [k, Math.round(v)])), two_workers_backlog: b });
      log(`(e) 2 workers: ${results.two_workers_throughput_per_s}/s`);
    } finally {
      await two.stop();
    }
  });

  if (ONLY.has('f')) {
    log(`(f) one publish → ${SIZE.portals4000} portals`);
    try {
      const f = await scale(SIZE.portals4000);
      Object.assign(results, { fanout_4000_s: f.complete ? round3(f.recordedS) : null, rss_4000_mb: Math.round(f.rssMb), scale: f });
      log(`(f) ${f.portals} portals: recorded in ${f.recordedS} s, last arrival ${f.lastArrivalS} s, RSS ${results.rss_4000_mb} MB`);
    } catch (e: any) {
      notes.push(`(f): ${e.message}`);
      log(`(f) not measured: ${e.message}`);
    }
  }

  results.elapsed_s = Math.round((Date.now() - started) / 1000);
  results.machine.load_avg_at_end = loadAvg();
  await finish(0);
}

const KEYS = ['fanout_median_s', 'fanout_p95_s', 'baseline_fanout_median_s', 'throughput_per_s', 'baseline_throughput_per_s', 'ceiling_per_s', 'healthy95_s', 'healthy95_shared_host_s', 'rss_mb', 'baseline_rss_mb', 'pg_throughput_per_s', 'two_workers_throughput_per_s', 'fanout_4000_s'];

let finished = false;
async function finish(code: number) {
  if (finished) return;
  finished = true;
  // Interrupted or timed out: stop what is still running (databases, Redis keys, temp dirs), bounded.
  await Promise.race([stopAll(), new Promise((r) => setTimeout(r, 30_000).unref())]);
  killAll();
  for (const k of KEYS) if (!(k in results)) results[k] = null;
  if (notes.length) results.notes = notes;
  for (const p of [results.profile, results.pg_profile].filter(Boolean)) {
    console.log(`\nWhere the hub's main thread stands during the backlog (${p.label}, ${p.busyMs} ms sampled outside idle):`);
    for (const a of p.areas) console.log(`  ${String(a.pct).padStart(5)} %  ${a.name}`);
    console.log('  top functions:');
    for (const fn of p.functions) console.log(`  ${String(fn.pct).padStart(5)} %  ${fn.name}`);
  }
  console.log(`\n${table()}\n`);
  for (const n of notes) console.log(`note: ${n}`);
  if (WRITE_DOC && code === 0) {
    try {
      writeDoc();
      console.log(`figures written to ${path.relative(process.cwd(), DOC)}`);
    } catch (e: any) {
      console.log(`note: could not write ${DOC}: ${e.message}`);
    }
  }
  console.log(JSON.stringify(results));
  process.exit(code);
}

const watchdog = setTimeout(() => {
  notes.push(`watchdog: stopped after ${WATCHDOG_MS / 1000} s`);
  void finish(1);
}, WATCHDOG_MS);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => { notes.push(`interrupted (${sig})`); void finish(130); });

main().catch((e) => {
  notes.push(`failed: ${e?.stack || e}`);
  log(`failed: ${e?.stack || e}`);
  void finish(1);
});
