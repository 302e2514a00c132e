/**
 * The baseline app as its own process: Strapi's built-in webhooks, registered
 * programmatically through the webhook store (what Settings → Webhooks does), fired by
 * publishing through the Document Service.
 */
import { serveRpc } from './rpc-child';

const ARTICLE = 'api::article.article';

async function main() {
  const appDir = process.env.BENCH_BASELINE_DIR!;
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: appDir, autoReload: false, serveAdminPanel: false }).load();
  await strapi.listen();

  serveRpc(
    {
      async registerWebhooks(urls: string[]) {
        const store = strapi.get('webhookStore');
        const runner = strapi.get('webhookRunner');
        for (const [i, url] of urls.entries()) {
          const webhook = await store.createWebhook({ name: `portal-${i + 1}`, url, headers: {}, events: ['entry.publish'], isEnabled: true });
          runner.add(webhook);
        }
        return urls.length;
      },
      async createItems({ count, item }: { count: number; item: any }) {
        const ids: string[] = [];
        for (let i = 0; i < count; i += 1) {
          const { targets, ...fields } = item;
          const created = await strapi.documents(ARTICLE).create({ data: { ...fields, title: `${item.title} #${i + 1}` } });
          ids.push(created.documentId);
        }
        return ids;
      },
      async publish(documentId: string) {
        const started = Date.now();
        await strapi.documents(ARTICLE).publish({ documentId });
        return { ms: Date.now() - started };
      },
      async publishMany(ids: string[]) {
        const started = Date.now();
        for (const documentId of ids) await strapi.documents(ARTICLE).publish({ documentId });
        return { ms: Date.now() - started, startedAt: started };
      },
    },
    () => strapi.destroy()
  );
  process.send!({ type: 'ready', pid: process.pid });
}

main().catch((e) => {
  console.error(`bench baseline failed: ${e?.stack || e}`);
  process.exit(1);
});
