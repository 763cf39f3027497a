/**
 * A small JSX runtime that renders to a string on the server and escapes by default. Every
 * string child and attribute value is escaped; only an `Html` value (the result of JSX, or
 * `trusted()` for markup the server itself produced, such as a QR code's SVG) is inserted
 * as it is. There are no components with state, no hooks, no client side: a component is a
 * function from props to `Html`.
 *
 * tsconfig.json sets `"jsx": "react"` with `h` and `Fragment`: every .tsx file imports both
 * from here.
 *
 * What it guards against, beyond escaping (jsx.test.ts holds the injection corpus):
 * - text and attribute values: NUL and lone surrogates become U+FFFD; bidi embedding and
 *   override controls (U+202A–U+202E) are removed, and isolates (U+2066–U+2069) are kept
 *   balanced within each text (a stray closing one dropped, an open one closed at its end),
 *   so a name cannot reverse the words after it nor leave the isolate i18n puts it in;
 * - attribute names: event handlers (`on…`, htmx's `hx-on…`) and `srcdoc` are never written,
 *   whatever props are spread; names that would end the tag are refused;
 * - URL attributes (href, src, action, formaction, htmx's request attributes …): only
 *   relative URLs, http(s), mailto and tel are written; anything else (javascript:,
 *   vbscript:, data: …) becomes `about:invalid#unsafe-url`, except data: on an `<img src>` or
 *   a `<link rel="icon">`, where it can only be an image; htmx values and headers that htmx
 *   would evaluate as script (`js:`, `javascript:`) become `{}`.
 */
import { unkeepableUnits } from '../domain/text.ts';

/** Markup that is safe to insert as it is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Child = Html | string | number | boolean | null | undefined | readonly Child[];

type AttributeValue = string | number | boolean | null | undefined;
type Props = Record<string, AttributeValue | Child | ((props: never) => Html)> & { children?: Child };

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** NUL and lone surrogates: U+FFFD, as a browser would read them. */
const unreadable = unkeepableUnits();
/** Bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO), and isolates (LRI, RLI, FSI, PDI). */
const bidiControls = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as it may be written into a page: unreadable code units replaced, embedding and
 * override controls removed, isolates balanced so nothing opened inside spills out of it.
 */
export function cleanText(text: string): string {
  const readable = text.replace(unreadable, '\ufffd');
  let open = 0;
  const balanced = readable.replace(bidiControls, (c) => {
    if (c === '\u2066' || c === '\u2067' || c === '\u2068') {
      open++;
      return c;
    }
    if (c === '\u2069' && open > 0) {
      open--;
      return c;
    }
    return '';
  });
  return open ? balanced + '\u2069'.repeat(open) : balanced;
}

/** Attributes whose value is a URL the browser follows, loads or sends a request to. */
const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'cite', 'data', 'background', 'longdesc', 'ping', 'manifest', 'codebase', 'hx-get', 'hx-post', 'hx-put', 'hx-patch', 'hx-delete', 'hx-push-url', 'hx-replace-url']);
// otpauth: the key of a second factor, handed to an authenticator app on the same device (pages/second-factor.tsx).
const safeSchemes = new Set(['http', 'https', 'mailto', 'tel', 'otpauth']);
/** What an unsafe URL is replaced with: a URL that goes nowhere. */
export const unsafeUrl = 'about:invalid#unsafe-url';

/** The scheme of a URL as the WHATWG URL parser reads it, lower case; undefined for a relative URL. */
function schemeOf(url: string): string | undefined {
  // The parser strips leading and trailing C0 controls and spaces, and removes tabs and newlines anywhere.
  const stripped = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(stripped)?.[1]!.toLowerCase();
}

function safeUrl(tag: string, attr: string, url: string, props: Props): string {
  const scheme = schemeOf(url);
  if (scheme === undefined || safeSchemes.has(scheme)) return url;
  if (scheme === 'data') {
    if (tag === 'img' && attr === 'src') return url;
    if (tag === 'link' && attr === 'href' && typeof props.rel === 'string' && props.rel.toLowerCase().split(/\s+/).includes('icon')) return url;
  }
  return unsafeUrl;
}

/** Markup produced by the server itself (never by user input), inserted unescaped. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const attributeName = /^[a-zA-Z_:][a-zA-Z0-9_.:-]*$/;
const tagName = /^[a-zA-Z][a-zA-Z0-9-]*$/;

function renderChild(child: Child, out: string[]): void {
  if (child === null || child === undefined || child === false || child === true) return;
  if (child instanceof Html) out.push(child.value);
  else if (Array.isArray(child)) for (const c of child as readonly Child[]) renderChild(c, out);
  else out.push(escapeHtml(cleanText(String(child))));
}

function renderAttributes(tag: string, props: Props): string {
  let out = '';
  for (const [name, value] of Object.entries(props)) {
    if (name === 'children' || value === null || value === undefined || value === false) continue;
    const attr = name === 'className' ? 'class' : name === 'htmlFor' ? 'for' : name;
    if (!attributeName.test(attr)) throw new Error(`invalid attribute name ${attr}`);
    const lower = attr.toLowerCase();
    if (/^on|^(data-)?hx-on/.test(lower)) throw new Error(`attribute ${attr}: event handler attributes are not written (no script in pages)`);
    if (lower === 'srcdoc') throw new Error(`attribute ${attr} is not written (a document inside an attribute)`);
    if (typeof value === 'function' || typeof value === 'object') throw new Error(`attribute ${attr} takes text, a number or a boolean`);
    if (value === true) {
      out += ` ${attr}`;
      continue;
    }
    let text = cleanText(String(value));
    if (urlAttributes.has(lower)) text = safeUrl(tag.toLowerCase(), lower, text, props);
    else if ((lower === 'hx-vals' || lower === 'hx-headers') && /^\s*(js|javascript):/i.test(text)) text = '{}';
    out += ` ${attr}="${escapeHtml(text)}"`;
  }
  return out;
}

type Component<P> = (props: P) => Html;

/** The JSX factory. */
export function h(tag: string | Component<Props>, props: Props | null, ...children: Child[]): Html {
  const all: Props = { ...(props ?? {}) };
  if (children.length) all.children = children.length === 1 ? children[0] : children;
  if (typeof tag === 'function') return tag(all);
  if (!tagName.test(tag)) throw new Error(`invalid tag ${tag}`);
  const out: string[] = [`<${tag}${renderAttributes(tag, all)}>`];
  if (voidElements.has(tag)) return new Html(out[0]!);
  renderChild(all.children as Child, out);
  out.push(`</${tag}>`);
  return new Html(out.join(''));
}

/** `<>…</>`: the children, with no element around them. */
export function Fragment(props: { children?: Child }): Html {
  const out: string[] = [];
  renderChild(props.children, out);
  return new Html(out.join(''));
}

/** Render children to markup. */
export function render(child: Child): string {
  const out: string[] = [];
  renderChild(child, out);
  return out.join('');
}

/** A whole document: the doctype and the root element. */
export function documentHtml(root: Html): string {
  return `<!doctype html>\n${root.value}`;
}

// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace h {
  namespace JSX {
    type Element = Html;
    interface ElementChildrenAttribute {
      children: unknown;
    }
    interface IntrinsicElements {
      [tag: string]: Record<string, unknown>;
    }
  }
}
