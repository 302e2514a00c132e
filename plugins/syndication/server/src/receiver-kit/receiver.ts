/**
 * Reference receiver for portal vendors: the smallest correct implementation of the
 * delivery protocol (docs/DELIVERY-PROTOCOL.md). Read it as an example:
 *
 *  1. verify the Standard Webhooks signature and timestamp (reject with 401);
 *  2. de-duplicate on webhook-id (a retry of something already applied is answered 200 again);
 *  3. never let an older version replace a newer one;
 *  4. answer 2xx with { id, url } of the portal's copy.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export interface StoredCopy {
  documentId: string;
  version: number;
  title: string | null;
  status: 'live' | 'pending-review' | 'withdrawn';
  remoteId: string;
  payload: any;
}

export interface ReceivedMessage {
  webhookId: string;
  type: string;
  version: number;
  documentId: string;
  at: number;
}

export interface Receiver {
  /** Copies by item documentId: what the portal shows. */
  copies: Map<string, StoredCopy>;
  /** Every message applied once (after de-duplication), in order of arrival. */
  accepted: ReceivedMessage[];
  /** webhook-ids seen more than once (retries of something already applied). */
  duplicates: string[];
  /** Signature or timestamp failures. */
  rejected: number;
  handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void;
}

export function createReceiver(opts: { code: string; secret: string; publicBaseUrl?: string }): Receiver {
  const verifier = new Webhook(opts.secret); // also enforces the ±5 minute timestamp tolerance
  const seen = new Map<string, { status: number; body: string }>();
  const receiver: Receiver = {
    copies: new Map(),
    accepted: [],
    duplicates: [],
    rejected: 0,
    handle(req, res, rawBody) {
      let message: any;
      try {
        message = verifier.verify(rawBody, req.headers as Record<string, string>);
      } catch (e) {
        receiver.rejected += 1;
        const reason = e instanceof WebhookVerificationError ? e.message : 'bad request';
        return reply(res, 401, { error: reason });
      }
      const webhookId = String(req.headers['webhook-id']);
      const previous = seen.get(webhookId);
      if (previous) {
        receiver.duplicates.push(webhookId);
        return reply(res, previous.status, JSON.parse(previous.body));
      }
      const item = message?.data?.item ?? {};
      const documentId = String(item.documentId);
      const version = Number(item.version);
      const current = receiver.copies.get(documentId);
      const remoteId = current?.remoteId ?? `${opts.code}-${receiver.copies.size + 1}`;
      const url = `${opts.publicBaseUrl ?? `https://${opts.code.toLowerCase()}.portal.invalid`}/tin/${remoteId}`;

      // Apply only what moves the copy forward; an older version is acknowledged but ignored.
      const isOlder = current && version < current.version;
      if (!isOlder) {
        if (message.type === 'item.withdrawn') {
          if (current) current.status = 'withdrawn';
        } else {
          const review = message.data?.delivery?.publishMode === 'review' && message.type !== 'item.published';
          receiver.copies.set(documentId, {
            documentId,
            version,
            title: item.title ?? null,
            status: review ? 'pending-review' : 'live',
            remoteId,
            payload: message.data,
          });
        }
      }
      receiver.accepted.push({ webhookId, type: message.type, version, documentId, at: Date.now() });
      const body = { id: remoteId, url };
      seen.set(webhookId, { status: 200, body: JSON.stringify(body) });
      return reply(res, 200, body);
    },
  };
  return receiver;
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
