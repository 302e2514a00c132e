/**
 * The webhook adapter: an HTTP POST of JSON signed per the Standard Webhooks
 * specification (webhook-id, webhook-timestamp, webhook-signature). The protocol is
 * documented for portal vendors in docs/DELIVERY-PROTOCOL.md.
 *
 * Isolation is a property of the PORTAL, not of the host: each portal gets its own
 * keep-alive connection pool (one agent per portal, `maxSockets` = the per-portal cap).
 * Many portals are sites of one platform behind one host and port (Decision 96,
 * Art. 2.2); with one pool per origin, two hanging portals would hold every socket of
 * the platform and starve the others. The total number of sockets in use is bounded
 * by the worker's concurrency, not by the pools.
 *
 * Plain node:http rather than an HTTP client library: this is the hot path (one call
 * per delivery), and it needs nothing but a POST, a deadline and a bounded body.
 */
import http from 'node:http';
import https from 'node:https';
import crypto from 'node:crypto';
import { parseRetryAfter } from '../domain/retry-policy';
import { checkEndpointStatic, guardedLookup, type OutboundPolicy } from '../infra/outbound-guard';
import { EXCERPT_LIMIT, type DeliveryAdapter, type DeliveryRequest, type DeliveryResult } from './types';

export const USER_AGENT = 'BacNinh-Syndication-Hub/1.0 (+Standard Webhooks)';

/** Larger answers are cut off: a portal acknowledges with a small JSON object. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
/** An idle keep-alive socket is closed after this long (bounds sockets to portals not written to recently). */
const IDLE_SOCKET_MS = 15000;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

class RequestError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

const PERMISSIVE: OutboundPolicy = { strict: false, allowedHosts: [] };

export function createWebhookAdapter(opts: { maxSocketsPerPortal: number; outbound?: () => OutboundPolicy }): DeliveryAdapter {
  // SSRF guard (infra/outbound-guard.ts): literal addresses are checked before the request,
  // names on every new connection, on the very address connected to.
  const policy = opts.outbound ?? (() => PERMISSIVE);
  const lookup = guardedLookup(policy);
  const agents = new Map<string, http.Agent>();
  const agentFor = (code: string, secure: boolean): http.Agent => {
    const key = `${secure ? 's' : 'p'}:${code}`;
    let agent = agents.get(key);
    if (!agent) {
      const options = { keepAlive: true, maxSockets: opts.maxSocketsPerPortal, maxFreeSockets: opts.maxSocketsPerPortal, timeout: IDLE_SOCKET_MS };
      agent = secure ? new https.Agent(options) : new http.Agent(options);
      agents.set(key, agent);
    }
    return agent;
  };
  const keys = new Map<string, Buffer>();
  const keyFor = (secret: string) => {
    let key = keys.get(secret);
    if (!key) {
      key = signingKey(secret);
      keys.set(secret, key);
    }
    return key;
  };


  function post(url: URL, agent: http.Agent, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<RawResponse> {
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (err: Error | null, res?: RawResponse) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(res!);
      };
      const req = (secure ? https : http).request(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port || (secure ? 443 : 80),
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          agent,
          lookup: lookup as any,
          headers: { ...headers, 'content-length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_RESPONSE_BYTES) req.destroy(new RequestError(`response larger than ${MAX_RESPONSE_BYTES} bytes`, 'ERR_RESPONSE_TOO_LARGE'));
            else chunks.push(c);
          });
          res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => finish(e));
        }
      );
      // One deadline for the whole exchange: also bounds a server that trickles its answer.
      const timer = setTimeout(() => req.destroy(new RequestError(`timed out after ${timeoutMs} ms`, 'ETIMEDOUT')), timeoutMs);
      req.on('error', (e) => finish(e));
      req.end(body);
    });
  }

  return {
    type: 'webhook',

    async send(req: DeliveryRequest): Promise<DeliveryResult> {
      const started = Date.now();
      if (req.portal.secrets.length === 0) {
        return { httpStatus: null, durationMs: 0, retryAfterMs: null, remoteId: null, remoteUrl: null, excerpt: '', error: 'Cổng chưa có khóa ký / Portal has no signing secret' };
      }
      const timestamp = new Date();
      // Encoded once: the same bytes are signed and sent.
      const body = Buffer.from(req.body, 'utf8');
      // Standard Webhooks: several signatures are space-separated; the portal accepts any that verifies.
      const signature = req.portal.secrets.map((s) => signStandardWebhook(keyFor(s), req.messageId, timestamp, body)).join(' ');
      try {
        const url = new URL(req.portal.endpoint);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RequestError(`unsupported protocol ${url.protocol}`, 'ERR_PROTOCOL');
        checkEndpointStatic(req.portal.endpoint, policy());
        const res = await post(
          url,
          agentFor(req.portal.code, url.protocol === 'https:'),
          {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': USER_AGENT,
            'webhook-id': req.messageId,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body,
          req.timeoutMs
        );
        const parsed = safeJson(res.text);
        const retryAfter = res.headers['retry-after'];
        return {
          httpStatus: res.status,
          durationMs: Date.now() - started,
          retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
          remoteId: asString(parsed?.id ?? parsed?.remoteId),
          remoteUrl: asString(parsed?.url ?? parsed?.remoteUrl),
          excerpt: res.text.slice(0, EXCERPT_LIMIT),
          error: res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`,
        };
      } catch (e) {
        const err = e as { code?: string; message?: string };
        const timedOut = err.code === 'ETIMEDOUT';
        const error = timedOut ? `Hết thời gian chờ ${req.timeoutMs} ms / Timed out after ${req.timeoutMs} ms` : `${err.code ?? 'ERROR'}: ${err.message ?? String(e)}`;
        return { httpStatus: null, durationMs: Date.now() - started, retryAfterMs: null, remoteId: null, remoteUrl: null, excerpt: error.slice(0, EXCERPT_LIMIT), error };
      }
    },

    async close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

/** The HMAC key of a Standard Webhooks secret (`whsec_` + base64). */
export function signingKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  if (key.length === 0) throw new Error("Secret can't be empty.");
  return key;
}

/**
 * The Standard Webhooks signature, `v1,` + base64(HMAC-SHA256(key, "id.timestamp.body")),
 * byte for byte what the `standardwebhooks` library's sign() gives (tests/unit/outcome.test.ts
 * checks it), with node:crypto's native HMAC instead of its JavaScript SHA-256: this runs
 * once per delivery.
 */
export function signStandardWebhook(key: Buffer, messageId: string, timestamp: Date, body: string | Buffer): string {
  const seconds = Math.floor(timestamp.getTime() / 1000);
  // Two updates rather than one concatenated string: no copy of the ~4 KB body per delivery.
  return `v1,${crypto.createHmac('sha256', key).update(`${messageId}.${seconds}.`, 'utf8').update(body).digest('base64')}`;
}

function safeJson(text: string): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}

const asString = (v: unknown) => (v == null || v === '' ? null : String(v).slice(0, 2048));
