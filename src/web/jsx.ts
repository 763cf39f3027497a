/**
 * A small JSX runtime that renders to a string on the server and escapes by default. Every
 * string child and attribute value is escaped; only an `Html` value (the result of JSX, or
 * `trusted()` for markup the server itself produced, such as a QR code's SVG) is inserted
 * as it is. There are no components with state, no hooks, no client side: a component is a
 * function from props to `Html`.
 *
 * tsconfig.json sets `"jsx": "react"` with `h` and `Fragment`: every .tsx file imports both
 * from here.
 */

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
  else out.push(escapeHtml(String(child)));
}

function renderAttributes(props: Props): string {
  let out = '';
  for (const [name, value] of Object.entries(props)) {
    if (name === 'children' || value === null || value === undefined || value === false) continue;
    const attr = name === 'className' ? 'class' : name === 'htmlFor' ? 'for' : name;
    if (!attributeName.test(attr)) throw new Error(`invalid attribute name ${attr}`);
    if (typeof value === 'function' || typeof value === 'object') throw new Error(`attribute ${attr} takes text, a number or a boolean`);
    out += value === true ? ` ${attr}` : ` ${attr}="${escapeHtml(String(value))}"`;
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
  const out: string[] = [`<${tag}${renderAttributes(all)}>`];
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
