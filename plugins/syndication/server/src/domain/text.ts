/**
 * Vietnamese text hygiene (Decision 96, Art. 4: Unicode per TCVN 6909).
 * Text pasted from Word or exported by old systems often arrives decomposed (NFD);
 * everything is stored and sent in NFC so titles match and searches hit.
 */
import slugifyLib from 'slugify';

export const nfc = <T>(value: T): T => (typeof value === 'string' ? (value.normalize('NFC') as T) : value);

/** NFC-normalises every string in a plain JSON-like value, deeply. */
export function nfcDeep<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map(nfcDeep) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfcDeep(v)])) as T;
  }
  return value;
}

/** URL slug with slugify's Vietnamese locale (Đ → d), lower case, ASCII only. */
export function vietnameseSlug(text: string): string {
  return slugifyLib(text.normalize('NFC'), { locale: 'vi', lower: true, strict: true, trim: true });
}
