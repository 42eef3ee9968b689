// Helpers for the catalog tests: a crawler that follows every catalog link from a root, and
// readers for the links and entries of both dialects.
import type { Client, Response } from '../support/app.ts';

export const SITE = 'http://localhost:80';
export const local = (href: string): string => (href.startsWith(SITE) ? href.slice(SITE.length) : href);
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export interface Link {
  rel: string;
  href: string;
  type: string;
}

/** The `<link>`s of an OPDS 1.2 document (feed and entries). */
export function atomLinks(xml: string): Link[] {
  return [...xml.matchAll(/<link ([^>]*?)\/>/g)].map((m) => {
    const attr = (name: string) => unescape(new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(m[1]!)?.[1] ?? '');
    return { rel: attr('rel'), href: attr('href'), type: attr('type') };
  });
}

/** Every object with an href in an OPDS 2.0 document. */
export function jsonLinks(doc: unknown): (Link & { templated?: boolean })[] {
  const out: (Link & { templated?: boolean })[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.href === 'string') out.push({ rel: String(o.rel ?? ''), href: o.href, type: String(o.type ?? ''), templated: o.templated === true });
      Object.values(o).forEach(walk);
    }
  };
  walk(doc);
  return out;
}

export type Dialect = 'opds1' | 'opds2';
export const ROOT: Record<Dialect, string> = { opds1: '/opds', opds2: '/opds/v2' };
const isCatalog = (d: Dialect, l: Link & { templated?: boolean }) => (d === 'opds1' ? l.type.includes('profile=opds-catalog') : l.type === 'application/opds+json' && !l.templated);

/** Every catalog document reachable from the root by following links, pagination included. */
export async function crawl(client: Client, dialect: Dialect): Promise<Map<string, Response>> {
  const seen = new Map<string, Response>();
  const queue = [ROOT[dialect]];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    const r = await client.get(path);
    if (r.status !== 200) throw new Error(`${path} answered ${r.status}: ${r.body.slice(0, 200)}`);
    seen.set(path, r);
    const links = dialect === 'opds1' ? atomLinks(r.body) : jsonLinks(r.json());
    for (const l of links) if (isCatalog(dialect, l) && l.href.startsWith(SITE)) queue.push(local(l.href));
  }
  return seen;
}

/** The works listed in an OPDS 1.2 acquisition feed or an OPDS 2.0 document (navigation entries left out). */
export function entriesOf(dialect: Dialect, r: Response): { title: string; text: string; authors: string[]; epub?: string }[] {
  if (dialect === 'opds2') {
    return ((r.json().publications ?? []) as { metadata: { title: string; author: { name: string }[] }; links: Link[] }[]).map((p) => ({
      title: p.metadata.title,
      text: JSON.stringify(p),
      authors: p.metadata.author.map((a) => a.name),
      epub: p.links.find((l) => l.type === 'application/epub+zip')?.href,
    }));
  }
  return [...r.body.matchAll(/<entry>(.*?)<\/entry>/gs)].filter((m) => m[1]!.includes('http://opds-spec.org/acquisition')).map((m) => ({
    title: unescape(/<title type="text">(.*?)<\/title>/.exec(m[1]!)![1]!),
    text: m[1]!,
    authors: [...m[1]!.matchAll(/<author><name>(.*?)<\/name>/g)].map((a) => unescape(a[1]!)),
    epub: atomLinks(m[1]!).find((l) => l.type === 'application/epub+zip')?.href,
  }));
}

export function nextOf(dialect: Dialect, r: Response): string | undefined {
  const links = dialect === 'opds1' ? atomLinks(r.body.replace(/<entry>.*?<\/entry>/gs, '')) : (r.json().links as Link[]);
  const next = links.find((l) => l.rel === 'next');
  return next ? local(next.href) : undefined;
}
