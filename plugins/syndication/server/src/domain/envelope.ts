/**
 * The message a portal receives (docs/DELIVERY-PROTOCOL.md): a Standard Webhooks
 * envelope `{ type, timestamp, data: { item, delivery, source } }`.
 *
 * The item and source parts are the same for every portal of one version, so they are
 * serialised once (`prepareItem`) and spliced into each portal's envelope; only the
 * small per-portal `delivery` part and the timestamp are serialised per request. The
 * bytes are exactly those of JSON.stringify on the whole object.
 */
import { DELIVERY_EVENT, type DeliveryEvent, type PublishMode } from '../constants';
import type { ItemPayload } from './payload';

/** Stable across retries of the same (item, version, portal, event): the portal de-duplicates on it. */
export function messageId(itemDocumentId: string, portalCode: string, version: number, event: string): string {
  return `${itemDocumentId}.${portalCode}.v${version}.${event}`;
}

/** One version of an item, serialised once for all portals. */
export interface PreparedItem {
  documentId: string;
  version: number;
  category: string | null;
  /** The full snapshot (created/updated/published). */
  fullJson: string;
  /** What a withdrawal carries: enough to find the copy. */
  withdrawnJson: string;
  sourceJson: string;
}

export function prepareItem(documentId: string, version: number, payload: ItemPayload | null): PreparedItem {
  const stub = { documentId, version, slug: payload?.slug ?? null, title: payload?.title ?? null };
  const withdrawnJson = JSON.stringify(stub);
  return {
    documentId,
    version,
    category: payload?.category ?? null,
    fullJson: payload ? JSON.stringify(payload) : withdrawnJson,
    withdrawnJson,
    sourceJson: JSON.stringify(payload?.source ?? null),
  };
}

export interface EnvelopePortal {
  code: string;
  sectionMap: Record<string, string> | null;
  publishMode: PublishMode;
}

/** The per-portal part of the envelope. */
export function deliveryPart(item: PreparedItem, portal: EnvelopePortal, deliveryId: number) {
  return {
    // The record's id: a portal reviewing in its own CMS reports back with it (POST /api/syndication/callbacks/:code).
    id: deliveryId,
    portal: portal.code,
    section: (item.category && portal.sectionMap?.[item.category]) ?? null,
    publishMode: portal.publishMode,
    version: item.version,
  };
}

/** The request body for one portal: the exact bytes that are signed and sent. */
export function envelopeJson(item: PreparedItem, event: DeliveryEvent, portal: EnvelopePortal, deliveryId: number, timestamp: Date): string {
  const itemJson = event === DELIVERY_EVENT.withdrawn ? item.withdrawnJson : item.fullJson;
  return `{"type":${JSON.stringify(event)},"timestamp":${JSON.stringify(timestamp.toISOString())},"data":{"item":${itemJson},"delivery":${JSON.stringify(deliveryPart(item, portal, deliveryId))},"source":${item.sourceJson}}}`;
}
