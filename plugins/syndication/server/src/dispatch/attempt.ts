/**
 * The attempt: one request to one portal through its adapter. Builds the envelope
 * for this portal, signs and sends it; never throws (a failure is a result).
 */
import type { DeliveryAdapter, DeliveryResult } from '../adapters';
import type { DeliveryEvent } from '../constants';
import { envelopeJson, messageId, type EnvelopePortal, type PreparedItem } from '../domain/envelope';

export interface AttemptPortal extends EnvelopePortal {
  endpoint: string;
  /** Signing secrets in clear, newest first (two during a rotation's overlap window). */
  secrets: string[];
}

/** What is sent: record `id` carries `event` of this item version. */
export interface AttemptWork {
  id: number;
  item: PreparedItem;
  event: DeliveryEvent;
}

export async function attempt(adapter: DeliveryAdapter, portal: AttemptPortal, work: AttemptWork, timeoutMs: number): Promise<DeliveryResult> {
  const { item, event } = work;
  try {
    return await adapter.send({
      portal: { code: portal.code, endpoint: portal.endpoint, secrets: portal.secrets },
      event,
      messageId: messageId(item.documentId, portal.code, item.version, event),
      body: envelopeJson(item, event, portal, work.id, new Date()),
      timeoutMs,
    });
  } catch (e) {
    const error = `ERROR: ${(e as Error).message}`;
    return { httpStatus: null, durationMs: 0, retryAfterMs: null, remoteId: null, remoteUrl: null, excerpt: error, error };
  }
}
