/**
 * Reference receiver for portal vendors: the smallest correct implementation of the
 * delivery protocol (docs/DELIVERY-PROTOCOL.md). Read it as an example:
 *
 *  1. verify the Standard Webhooks signature and timestamp (reject with 401);
 *  2. de-duplicate on webhook-id (a retry of something already applied is answered 200 again);
 *  3. never let an older version replace a newer one;
 *  4. answer 2xx with { id, url } of the portal's copy;
 *  5. in `review` mode, keep the copy as a draft; if the board decides in the portal's own
 *     CMS, report the decision to the hub with `decide()` (a signed callback, callback.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { ItemPayload } from '../domain/payload';
import { sendReviewDecision, type CallbackResult } from './callback';

/** What a delivery carries (docs/DELIVERY-PROTOCOL.md): the item, this portal's part, the attribution. */
export interface DeliveryData {
  /** The full snapshot; a withdrawal carries only documentId, version, slug and title. */
  item: Partial<ItemPayload> & { documentId: string; version: number };
  delivery: { id: number; portal: string; section: string | null; publishMode: 'live' | 'review'; version: number };
  source: ItemPayload['source'] | null;
}

/** The signed envelope: `type` is item.created, item.updated, item.published, item.withdrawn or hub.test. */
export interface DeliveryMessage {
  type: string;
  timestamp: string;
  data: DeliveryData;
}

export interface StoredCopy {
  documentId: string;
  version: number;
  title: string | null;
  status: 'live' | 'pending-review' | 'rejected' | 'withdrawn';
  remoteId: string;
  /** The hub's delivery record id (`data.delivery.id`): what a review callback names. */
  deliveryId: number | null;
  /** The message's `data`, as received. */
  payload: DeliveryData;
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
  /**
   * The portal's board decided about a draft (review mode) in the portal's own CMS: apply it
   * locally and report it to the hub (POST <hubUrl>/api/syndication/callbacks/<code>).
   */
  decide(documentId: string, decision: { type: 'delivery.published' } | { type: 'delivery.rejected'; reason: string }, hubUrl?: string): Promise<CallbackResult>;
}

export function createReceiver(opts: { code: string; secret: string; publicBaseUrl?: string; hubUrl?: string }): Receiver {
  const verifier = new Webhook(opts.secret); // also enforces the ±5 minute timestamp tolerance
  const seen = new Map<string, { status: number; body: string }>();
  const copyUrl = (remoteId: string) => `${opts.publicBaseUrl ?? `https://${opts.code.toLowerCase()}.portal.invalid`}/tin/${remoteId}`;
  const receiver: Receiver = {
    copies: new Map(),
    accepted: [],
    duplicates: [],
    rejected: 0,
    handle(req, res, rawBody) {
      let message: DeliveryMessage;
      try {
        message = verifier.verify(rawBody, req.headers as Record<string, string>) as DeliveryMessage;
      } catch (e) {
        receiver.rejected += 1;
        const reason = e instanceof WebhookVerificationError ? e.message : 'bad request';
        return reply(res, 401, { error: reason });
      }
      // A test delivery from the hub's Portals screen: proves address and secret, stores nothing.
      if (message?.type === 'hub.test') return reply(res, 200, { ok: true });
      const webhookId = String(req.headers['webhook-id']);
      const previous = seen.get(webhookId);
      if (previous) {
        receiver.duplicates.push(webhookId);
        return reply(res, previous.status, JSON.parse(previous.body));
      }
      const item: Partial<DeliveryData['item']> = message?.data?.item ?? {};
      const documentId = String(item.documentId);
      const version = Number(item.version);
      const current = receiver.copies.get(documentId);
      const remoteId = current?.remoteId ?? `${opts.code}-${receiver.copies.size + 1}`;
      const url = copyUrl(remoteId);

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
            deliveryId: message.data?.delivery?.id ?? current?.deliveryId ?? null,
            payload: message.data,
          });
        }
      }
      receiver.accepted.push({ webhookId, type: message.type, version, documentId, at: Date.now() });
      const body = { id: remoteId, url };
      seen.set(webhookId, { status: 200, body: JSON.stringify(body) });
      return reply(res, 200, body);
    },

    async decide(documentId, decision, hubUrl = opts.hubUrl) {
      const copy = receiver.copies.get(documentId);
      if (!copy || copy.deliveryId == null) throw new Error(`no draft of ${documentId} from the hub`);
      if (!hubUrl) throw new Error('the hub URL is needed to report a decision (createReceiver({ hubUrl }) or decide(…, hubUrl))');
      const result = await sendReviewDecision({
        hubUrl,
        code: opts.code,
        secret: opts.secret,
        type: decision.type,
        data: {
          deliveryId: copy.deliveryId,
          version: copy.version,
          ...(decision.type === 'delivery.published' ? { url: copyUrl(copy.remoteId) } : { reason: decision.reason }),
        },
      });
      if (result.status === 204) copy.status = decision.type === 'delivery.published' ? 'live' : 'rejected';
      return result;
    },
  };
  return receiver;
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
