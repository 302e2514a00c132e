/**
 * One hub of ours as its own process, booted as tests/helpers/hub.ts boots it (the
 * environment carries the secrets, the random queue prefix and the database). The
 * benchmark drives it over IPC: it creates drafts (untimed) and publishes them through
 * Strapi's Document Service, the path every publish takes (admin panel, content API,
 * this plugin's API), so the fan-out middleware runs exactly as in production.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import { serveRpc } from './rpc-child';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ITEM_UID = 'plugin::syndication.item';

let profiler: inspector.Session | null = null;
const post = (session: inspector.Session, method: string, params?: object) =>
  new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  await strapi.listen();
  // Exploring memory (with BENCH_VERBOSE=1 to see it): the heap's sawtooth, once a second.
  if (process.env.BENCH_MEMLOG) {
    const mb = (n: number) => Math.round(n / 2 ** 20);
    setInterval(() => {
      const m = process.memoryUsage();
      console.error(`MEMLOG rss=${mb(m.rss)} heapTotal=${mb(m.heapTotal)} heapUsed=${mb(m.heapUsed)} external=${mb(m.external)}`);
    }, 1000).unref();
  }
  const service = (name: string) => strapi.plugin('syndication').service(name);
  const knex = strapi.db.connection;
  // SQL statements this process sends, so the benchmark can report statements per delivery.
  let statements = 0;
  knex.on('query', () => {
    statements += 1;
  });

  serveRpc(
    {
      /** Codes and signing secrets in clear (sealed at rest), for the simulator. */
      async portals() {
        return service('secrets').openAll();
      },
      /** Points portals at the simulator, as tests/helpers/portals.ts pointPortalsAt does. */
      async setEndpoints(pairs: [string, string][]) {
        await knex.transaction(async (trx: any) => {
          for (const [code, endpoint] of pairs) await trx('syndication_portals').where({ code }).update({ endpoint, active: true });
        });
        service('dispatcher').forgetPortals?.();
        return pairs.length;
      },
      /** Registers `count` more portals through the portal service (as PUT /portals/:code does). */
      async addPortals({ count, codePrefix }: { count: number; codePrefix: string }) {
        const started = Date.now();
        const portal = service('portal');
        for (let i = 0; i < count; i += 250) {
          await strapi.db.transaction(async () => {
            for (let j = i; j < Math.min(count, i + 250); j += 1) {
              const code = `${codePrefix}${String(j).padStart(5, '0')}`;
              await portal.upsert(code, { name: `Cổng thử tải ${j}`, tier: 'commune', communeType: 'xã', adapter: 'webhook', publishMode: 'live', active: true, sectionMap: {} });
            }
          });
        }
        return { ms: Date.now() - started };
      },
      /** Drafts through the plugin's item service (rules checked), untimed. */
      async createItems({ count, item }: { count: number; item: any }) {
        const ids: string[] = [];
        for (let i = 0; i < count; i += 1) {
          const created = await service('item').create({ ...item, title: `${item.title} #${i + 1}` });
          ids.push(created.documentId);
        }
        return ids;
      },
      async publish(documentId: string) {
        const started = Date.now();
        await strapi.documents(ITEM_UID).publish({ documentId });
        return { ms: Date.now() - started };
      },
      async statements() {
        // Plus the hot path's statements sent below knex on SQLite (infra/sqlite-session.ts).
        const { sqliteSessionStatements } = require(path.join(ROOT, 'plugins/syndication/dist/server/infra/sqlite-session.js'));
        return statements + sqliteSessionStatements();
      },
      /** Where the hub's memory is (MB): the JavaScript heap, buffers outside it, and the whole process. */
      async memory() {
        const m = process.memoryUsage();
        const mb = (n: number) => Math.round(n / 2 ** 20);
        return { rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
      },
      /** CPU profile of this process between profileStart and profileStop (V8's sampling profiler). */
      async profileStart() {
        profiler = new inspector.Session();
        profiler.connect();
        // BENCH_HEAPPROF=1: also where the memory that outlives young-generation GC is allocated (<file>.heapprofile).
        if (process.env.BENCH_HEAPPROF) {
          await post(profiler, 'HeapProfiler.enable');
          await post(profiler, 'HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
        }
        await post(profiler, 'Profiler.enable');
        await post(profiler, 'Profiler.setSamplingInterval', { interval: 500 });
        await post(profiler, 'Profiler.start');
        return true;
      },
      async profileStop(file: string) {
        if (!profiler) return null;
        if (process.env.BENCH_HEAPPROF) {
          const heap = await post(profiler, 'HeapProfiler.stopSampling');
          fs.writeFileSync(`${file}.heapprofile`, JSON.stringify(heap.profile));
        }
        const { profile } = await post(profiler, 'Profiler.stop');
        profiler.disconnect();
        profiler = null;
        fs.writeFileSync(file, JSON.stringify(profile));
        return file;
      },
      /** Publishes one after another as fast as the hub accepts them (the backlog). */
      async publishMany(ids: string[]) {
        const started = Date.now();
        for (const documentId of ids) await strapi.documents(ITEM_UID).publish({ documentId });
        return { ms: Date.now() - started, startedAt: started };
      },
    },
    () => strapi.destroy()
  );
  process.send!({ type: 'ready', url: `http://127.0.0.1:${strapi.server.httpServer.address().port}`, pid: process.pid });
}

main().catch((e) => {
  console.error(`bench hub failed: ${e?.stack || e}`);
  process.exit(1);
});
