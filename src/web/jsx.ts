// A tiny server-side JSX renderer. Everything is escaped unless it is wrapped
// in raw(), which only sanitized HTML and our own markup should ever reach.

export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type Child = string | number | bigint | boolean | null | undefined | Raw | Child[];
type Props = Record<string, unknown> & { children?: Child };
type Component = (props: any) => Raw;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    type Element = Raw;
    interface IntrinsicElements {
      [tag: string]: Record<string, unknown>;
    }
    interface ElementChildrenAttribute {
      children: unknown;
    }
  }
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TAG_NAME = /^[a-z][a-z0-9-]*$/;
const ATTR_NAME = /^[a-zA-Z_:][a-zA-Z0-9_.:-]*$/;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function raw(html: string): Raw {
  return new Raw(html);
}

function renderChild(child: Child, out: string[]): void {
  if (child === null || child === undefined || child === false || child === true) return;
  if (child instanceof Raw) out.push(child.html);
  else if (Array.isArray(child)) for (const c of child) renderChild(c, out);
  else out.push(escapeHtml(String(child)));
}

function renderAttributes(props: Props): string {
  let s = '';
  for (const [key, value] of Object.entries(props)) {
    if (key === 'children' || value === undefined || value === null || value === false) continue;
    const name = key === 'className' ? 'class' : key === 'htmlFor' ? 'for' : key;
    if (!ATTR_NAME.test(name)) throw new Error(`invalid attribute name ${name}`);
    if (/^on/i.test(name)) throw new Error('inline event handlers are not allowed (CSP forbids them)');
    s += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return s;
}

export function h(tag: string | Component, props: Props | null, ...children: Child[]): Raw {
  const allProps: Props = { ...(props ?? {}) };
  if (children.length > 0) allProps.children = children.length === 1 ? children[0] : children;
  if (typeof tag === 'function') return tag(allProps);
  if (!TAG_NAME.test(tag)) throw new Error(`invalid tag ${tag}`);
  const out: string[] = [`<${tag}${renderAttributes(allProps)}>`];
  if (VOID.has(tag)) return new Raw(out[0]!);
  renderChild(allProps.children, out);
  out.push(`</${tag}>`);
  return new Raw(out.join(''));
}

export function Fragment(props: { children?: Child }): Raw {
  const out: string[] = [];
  renderChild(props.children, out);
  return new Raw(out.join(''));
}

export function renderDocument(page: Raw): string {
  return '<!doctype html>' + page.html;
}
