/**
 * The item body as 119 portals receive it: one format end to end.
 *
 * Editors write Markdown in the Content Manager (the `richtext` editor); integrators send
 * HTML through the API. The item's `bodyFormat` says which one a body is. Markdown is
 * converted here with the options the Content Manager's own preview uses (GitHub-flavoured,
 * a single newline is a line break), so what the editor previews is what portals get.
 * Then everything is sanitised once, with one allow-list fit for news.
 *
 * HTML bodies are only sanitised, exactly as before Markdown support existed, so items
 * created through the API keep their content hash and deliver unchanged.
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

export const BODY_FORMATS = ['markdown', 'html'] as const;
export type BodyFormat = (typeof BODY_FORMATS)[number];

/** The admin form's format (the schema default). Rows without a format predate it: HTML. */
export const EDITOR_BODY_FORMAT: BodyFormat = 'markdown';
export const API_BODY_FORMAT: BodyFormat = 'html';

/** What a news article needs: text structure, links, tables, images. No scripts, forms, frames or classes. */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img', 'figure', 'figcaption', 'caption', 'colgroup', 'col', 'u', 's', 'sub', 'sup']),
  allowedAttributes: {
    ...sanitizeHtml.defaults.allowedAttributes,
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    '*': ['style'],
  },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center|justify)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
};

/** Elements that run code or pull in another document: never part of a news article. */
const ACTIVE_TAGS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form', 'svg', 'math', 'template']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcset', 'background', 'poster']);
/** Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:"). */
const SCRIPT_SCHEME = /^(javascript|vbscript|livescript|data):/i;

/**
 * The active content in a body: scripts, frames and embedded objects, event-handler
 * attributes, and javascript:/vbscript:/data: URLs (a data: image is passive). Such input
 * is refused with a message naming what was found, rather than silently cut: no editor
 * pastes a script by accident, and the item must not go out different from what was sent.
 * Passive markup outside the allow-list (Word's classes and spans, inline styles) is still
 * only sanitised away. Markdown bodies are checked as the HTML they become.
 */
export function activeContent(body: string | null | undefined, format: BodyFormat = API_BODY_FORMAT): string[] {
  if (!body) return [];
  const html = format === 'markdown' ? (markdown.parse(body.normalize('NFC').replaceAll('\\n', '\n')) as string) : body;
  const found = new Set<string>();
  sanitizeHtml(html, {
    ...ALLOWED,
    onOpenTag(name: string, attribs: Record<string, string>) {
      if (ACTIVE_TAGS.has(name.toLowerCase())) found.add(`<${name.toLowerCase()}>`);
      for (const [attr, value] of Object.entries(attribs)) {
        const key = attr.toLowerCase();
        if (key.startsWith('on')) found.add(`${key}="…"`);
        if (!URL_ATTRIBUTES.has(key)) continue;
        const url = value.replace(/[\u0000-\u0020]/g, '');
        const scheme = SCRIPT_SCHEME.exec(url)?.[1]?.toLowerCase();
        if (scheme && !(scheme === 'data' && name.toLowerCase() === 'img' && key === 'src' && /^data:image\//i.test(url))) found.add(`${scheme}:`);
      }
    },
  });
  return [...found];
}

/** Removes scripts, event handlers and foreign markup; keeps what an article needs. */
export function sanitiseBody(html: string | null | undefined): string {
  return sanitizeHtml((html ?? '').normalize('NFC'), ALLOWED);
}

// The Content Manager's preview renders with markdown-it { html, breaks, linkify }: the same here.
const markdown = new Marked({ gfm: true, breaks: true, async: false });

export interface RenderOptions {
  /** Absolute public address of the hub (PUBLIC_URL), without a trailing slash. */
  publicBase: string;
  /**
   * Other origins the hub answers on (e.g. the admin's own address, http://localhost:1337).
   * Media URLs on them are rewritten to `publicBase`, since portals cannot reach them.
   */
  localOrigins?: string[];
}

/** Makes a hub-relative or hub-local URL absolute on the public address; leaves others alone. */
export function absoluteUrl(url: string, opts: RenderOptions): string {
  const base = opts.publicBase.replace(/\/+$/, '');
  if (url.startsWith('//')) return url;
  if (url.startsWith('/')) return `${base}${url}`;
  for (const origin of opts.localOrigins ?? []) {
    const o = origin.replace(/\/+$/, '');
    if (o && o !== base && (url === o || url.startsWith(`${o}/`))) return `${base}${url.slice(o.length)}`;
  }
  return url;
}

/** Markdown → safe HTML, images and links on the hub made absolute, images keeping their alt text. */
export function markdownToHtml(md: string, opts: RenderOptions): string {
  // The admin editor may store escaped newlines (its preview undoes them the same way).
  const html = markdown.parse(md.normalize('NFC').replaceAll('\\n', '\n')) as string;
  return sanitizeHtml(html, {
    ...ALLOWED,
    transformTags: {
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, ...(attribs.src ? { src: absoluteUrl(attribs.src, opts) } : {}), alt: attribs.alt ?? '' } }),
      a: (tagName, attribs) => ({ tagName, attribs: attribs.href ? { ...attribs, href: absoluteUrl(attribs.href, opts) } : attribs }),
    },
  });
}

/** The body portals receive, for either format. */
export function renderBody(body: string | null | undefined, format: string | null | undefined, opts: RenderOptions): string {
  if (format === 'markdown') return markdownToHtml(body ?? '', opts);
  return sanitiseBody(body);
}
