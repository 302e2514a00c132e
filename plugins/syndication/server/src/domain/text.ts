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

/** The longest slug: a URL segment that fits the `slug` column (255) and portals' own limits. */
export const SLUG_MAX = 200;

/**
 * URL slug with slugify's Vietnamese locale (Đ → d), lower case, ASCII only; a long title
 * (up to 500 characters) is cut at the last whole word within SLUG_MAX.
 */
export function vietnameseSlug(text: string): string {
  const slug = slugifyLib(text.normalize('NFC'), { locale: 'vi', lower: true, strict: true, trim: true });
  if (slug.length <= SLUG_MAX) return slug;
  const cut = slug.slice(0, SLUG_MAX + 1);
  const lastWord = cut.lastIndexOf('-');
  return (lastWord > 0 ? cut.slice(0, lastWord) : cut.slice(0, SLUG_MAX)).replace(/-+$/, '');
}
