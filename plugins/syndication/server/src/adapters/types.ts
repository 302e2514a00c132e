/**
 * How the engine talks to a portal. The engine only sees this interface, so a
 * Strapi-to-Strapi or WordPress adapter can be added without touching the queue,
 * the retry policy or the delivery records.
 */
import type { DeliveryEvent } from '../constants';

export interface DeliveryTarget {
  code: string;
  endpoint: string;
  /** Signing secrets, newest first: two during a rotation's overlap window (one signature each). */
  secrets: string[];
}

export interface DeliveryRequest {
  portal: DeliveryTarget;
  event: DeliveryEvent;
  /** Stable across retries of the same (item, version, portal, event): the portal de-duplicates on it. */
  messageId: string;
  /** The JSON body, already serialised (the signature covers these exact bytes). */
  body: string;
  timeoutMs: number;
}

export interface DeliveryResult {
  /** null when nothing came back (network error, timeout). */
  httpStatus: number | null;
  durationMs: number;
  retryAfterMs: number | null;
  remoteId: string | null;
  remoteUrl: string | null;
  /** A bounded excerpt of the response body, or the error. */
  excerpt: string;
  error: string | null;
}

export interface DeliveryAdapter {
  readonly type: string;
  send(request: DeliveryRequest): Promise<DeliveryResult>;
  close?(): Promise<void>;
}

export const EXCERPT_LIMIT = 1000;
