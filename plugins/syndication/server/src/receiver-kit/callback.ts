/**
 * The portal → hub review callback (docs/DELIVERY-PROTOCOL.md, section 5): a portal whose
 * board reviews in its own CMS reports the decision, signed with the portal's own secret
 * using the same Standard Webhooks scheme the hub uses towards portals.
 */
import crypto from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface ReviewDecision {
  type: 'delivery.published' | 'delivery.rejected';
  data: { deliveryId: number; version: number; url?: string; reason?: string };
}

export interface CallbackResult {
  status: number;
  body: string;
}

export async function sendReviewDecision(opts: ReviewDecision & {
  hubUrl: string;
  code: string;
  secret: string;
  /** Defaults to a fresh random id; the hub refuses an id it has already seen (409). */
  webhookId?: string;
  timestamp?: Date;
}): Promise<CallbackResult> {
  const body = JSON.stringify({ type: opts.type, data: opts.data });
  const webhookId = opts.webhookId ?? `cb_${crypto.randomUUID()}`;
  const timestamp = opts.timestamp ?? new Date();
  const signature = new Webhook(opts.secret).sign(webhookId, timestamp, body);
  const res = await fetch(`${opts.hubUrl.replace(/\/$/, '')}/api/syndication/callbacks/${encodeURIComponent(opts.code)}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  });
  return { status: res.status, body: await res.text() };
}
