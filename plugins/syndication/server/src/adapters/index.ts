import type { OutboundPolicy } from '../infra/outbound-guard';
import type { DeliveryAdapter } from './types';
import { createWebhookAdapter } from './webhook';

export type { DeliveryAdapter, DeliveryRequest, DeliveryResult } from './types';

/** Adapters by the portal's `adapter` field. Add a new one here. */
export function createAdapters(opts: { maxSocketsPerPortal: number; outbound?: () => OutboundPolicy }): Map<string, DeliveryAdapter> {
  const webhook = createWebhookAdapter(opts);
  return new Map([[webhook.type, webhook]]);
}
