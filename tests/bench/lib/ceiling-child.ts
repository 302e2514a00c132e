/**
 * The raw-HTTP ceiling: keep-alive POSTs of a ~4 KB signed body straight to the same
 * simulated receivers, round-robin over the portals, `concurrency` in flight. No database,
 * no queue, no Strapi: what loopback HTTP and the receivers allow on this machine.
 * Signing stays in (the receivers verify every request, as they do for our deliveries).
 */
import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { serveRpc } from './rpc-child';

async function run({ targets, total, concurrency, bodyBytes }: { targets: { endpoint: string; secret: string }[]; total: number; concurrency: number; bodyBytes: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const signers = targets.map((t) => ({ url: new URL(t.endpoint), wh: new Webhook(t.secret) }));
  const filler = 'x'.repeat(Math.max(0, bodyBytes - 200));
  let next = 0;
  let ok = 0;
  let failed = 0;
  const one = (n: number) =>
    new Promise<void>((resolve) => {
      const target = signers[n % signers.length];
      const id = `msg_ceiling_${n}`;
      const at = new Date();
      const body = JSON.stringify({ type: 'item.created', timestamp: at.toISOString(), data: { item: { documentId: `ceiling-${Math.floor(n / signers.length)}`, version: 1, title: 'ceiling', body: filler } } });
      const req = http.request(
        {
          agent,
          method: 'POST',
          hostname: target.url.hostname,
          port: target.url.port,
          path: target.url.pathname,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': target.wh.sign(id, at, body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode! >= 200 && res.statusCode! < 300) ok += 1;
            else failed += 1;
            resolve();
          });
        }
      );
      req.on('error', () => {
        failed += 1;
        resolve();
      });
      req.end(body);
    });
  const started = Date.now();
  const lane = async () => {
    while (next < total) await one(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const ms = Date.now() - started;
  agent.destroy();
  return { ok, failed, ms };
}

serveRpc({ run }, async () => undefined);
process.send!({ type: 'ready', pid: process.pid });
