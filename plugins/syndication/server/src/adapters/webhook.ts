/**
 * The webhook adapter: an HTTP POST of JSON signed per the Standard Webhooks
 * specification (webhook-id, webhook-timestamp, webhook-signature). The protocol is
 * documented for portal vendors in docs/DELIVERY-PROTOCOL.md.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { Webhook } from 'standardwebhooks';
import { parseRetryAfter } from '../domain/retry-policy';
import { EXCERPT_LIMIT, type DeliveryAdapter, type DeliveryRequest, type DeliveryResult } from './types';

export const USER_AGENT = 'BacNinh-Syndication-Hub/1.0 (+Standard Webhooks)';

export function createWebhookAdapter(opts: { maxSocketsPerPortal: number }): DeliveryAdapter {
  // Keep-alive: one publish is 119 requests; re-using connections keeps retries and bursts cheap.
  const agentOptions = { keepAlive: true, maxSockets: opts.maxSocketsPerPortal, maxFreeSockets: opts.maxSocketsPerPortal, timeout: 60000 };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const client: AxiosInstance = axios.create({
    httpAgent,
    httpsAgent,
    maxRedirects: 0, // a redirect means a misconfigured endpoint; the body must not be re-posted elsewhere
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: (data) => data,
    maxContentLength: 1024 * 1024,
    proxy: false,
  });
  const signers = new Map<string, Webhook>();
  const signerFor = (secret: string) => {
    let signer = signers.get(secret);
    if (!signer) {
      signer = new Webhook(secret);
      signers.set(secret, signer);
    }
    return signer;
  };

  return {
    type: 'webhook',

    async send(req: DeliveryRequest): Promise<DeliveryResult> {
      const started = Date.now();
      if (!req.portal.secret) {
        return { httpStatus: null, durationMs: 0, retryAfterMs: null, remoteId: null, remoteUrl: null, excerpt: '', error: 'Cổng chưa có khóa ký / Portal has no signing secret' };
      }
      const timestamp = new Date();
      const signature = signerFor(req.portal.secret).sign(req.messageId, timestamp, req.body);
      try {
        const res = await client.post(req.portal.endpoint, req.body, {
          timeout: req.timeoutMs,
          signal: AbortSignal.timeout(req.timeoutMs + 1000), // also bounds a server that trickles its answer
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': USER_AGENT,
            'webhook-id': req.messageId,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': signature,
          },
        });
        const text = typeof res.data === 'string' ? res.data : '';
        const parsed = safeJson(text);
        return {
          httpStatus: res.status,
          durationMs: Date.now() - started,
          retryAfterMs: parseRetryAfter(res.headers['retry-after'] as string | undefined),
          remoteId: asString(parsed?.id ?? parsed?.remoteId),
          remoteUrl: asString(parsed?.url ?? parsed?.remoteUrl),
          excerpt: text.slice(0, EXCERPT_LIMIT),
          error: res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`,
        };
      } catch (e) {
        const err = e as { code?: string; message?: string };
        const timedOut = err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT' || err.code === 'ERR_CANCELED';
        const error = timedOut ? `Hết thời gian chờ ${req.timeoutMs} ms / Timed out after ${req.timeoutMs} ms` : `${err.code ?? 'ERROR'}: ${err.message ?? String(e)}`;
        return { httpStatus: null, durationMs: Date.now() - started, retryAfterMs: null, remoteId: null, remoteUrl: null, excerpt: error.slice(0, EXCERPT_LIMIT), error };
      }
    },

    async close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function safeJson(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}

const asString = (v: unknown) => (v == null || v === '' ? null : String(v).slice(0, 2048));
