/**
 * Summarises a V8 .cpuprofile: self time by area (our plugin, Strapi, knex, BullMQ,
 * ioredis, the database driver, Node's HTTP, GC...) and the top functions, so
 * docs/BENCHMARKS.md can say where the time goes.
 */
import fs from 'node:fs';

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.includes('/plugins/syndication/')) return 'syndication plugin';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.replace(/\\/g, '/'));
  if (m) {
    const pkg = m[1];
    if (pkg.startsWith('@strapi/')) return 'strapi';
    return pkg;
  }
  if (url.startsWith('node:') || !url.includes('/')) return `node:${url.replace(/^node:/, '').split('/')[0]}`;
  return url;
}

export function summariseProfile(file: string, top = 12) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** Native code (no script URL) is charged to the nearest JavaScript caller's area. */
  const areaOf = (id: number): string => {
    const { callFrame } = byId.get(id);
    if (callFrame.url || callFrame.functionName.startsWith('(')) return area(callFrame.url, callFrame.functionName);
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) {
      const f = byId.get(p).callFrame;
      if (f.url) return `${area(f.url, f.functionName)} (native)`;
    }
    return '(native)';
  };
  const self = new Map<number, number>();
  profile.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const a = areaOf(id);
    if (a === '(idle)') continue;
    total += us;
    areas.set(a, (areas.get(a) ?? 0) + us);
    const where = callFrame.url ? `${callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/plugins\//, 'plugins/')}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName || '(anonymous)'} ${where || `[${a}]`}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const pct = (us: number) => Math.round((1000 * us) / Math.max(1, total)) / 10;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((x, y) => y[1] - x[1]).slice(0, top).map(([k, us]) => ({ name: k, pct: pct(us), ms: Math.round(us / 1000) }));
  return { busyMs: Math.round(total / 1000), areas: sorted(areas), functions: sorted(fns) };
}
