import { h, Fragment, raw, type Child, type Raw } from './jsx.ts';
import type { FastifyRequest } from 'fastify';
import type { Preferences } from '../accounts/repository.ts';
import type { User } from '../db/schema.ts';

/** What every page needs to know about the request it answers. */
export interface PageContext {
  siteName: string;
  user: User | null;
  prefs: Preferences;
  csrfToken: string;
  path: string;
}

export function pageContext(request: FastifyRequest, siteName: string): PageContext {
  return { siteName, user: request.user, prefs: request.prefs, csrfToken: request.csrfToken, path: request.url };
}

export function CsrfField({ page }: { page: PageContext }): Raw {
  return <input type="hidden" name="_csrf" value={page.csrfToken} />;
}

function Header({ page }: { page: PageContext }): Raw {
  return (
    <header class="site-header">
      <a class="skip-link" href="#main">Skip to content</a>
      <nav aria-label="Site">
        <a class="brand" href="/">{page.siteName}</a>
        <a href="/works">Works</a>
        {page.user ? (
          <>
            <a href="/works/new">Post</a>
            <a href="/works/import">Import</a>
            <a href="/drafts">Drafts</a>
            {page.user.role !== 'user' ? <a href="/wrangling">Wrangling</a> : null}
            <a href={`/users/${encodeURIComponent(page.user.login)}`}>{page.user.login}</a>
            <a href="/preferences">Preferences</a>
            <a href="/blocklist">Blocklist</a>
            <a href="/saved-searches">Saved searches</a>
            <a href="/tokens">API tokens</a>
            <form method="post" action="/logout" class="inline">
              <CsrfField page={page} />
              <button type="submit" class="link-button">Log out</button>
            </form>
          </>
        ) : (
          <>
            <a href="/preferences">Preferences</a>
            <a href={`/login?return_to=${encodeURIComponent(page.path)}`}>Log in</a>
            <a href="/signup">Sign up</a>
          </>
        )}
      </nav>
    </header>
  );
}

export function Layout({ page, title, children, description }: { page: PageContext; title: string; children?: Child; description?: string }): Raw {
  const p = page.prefs;
  const themeAttr = p.theme === 'auto' ? undefined : p.theme;
  return (
    <html lang="en" data-theme={themeAttr}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === page.siteName ? title : `${title} | ${page.siteName}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <meta name="color-scheme" content={p.theme === 'auto' ? 'light dark' : p.theme} />
        <link rel="stylesheet" href="/static/quire.css" />
        <link rel="alternate" type="application/atom+xml" title="Recent works" href="/works/feed.atom" />
        <script src="/static/quire.js" defer></script>
      </head>
      <body class={`fs-${p.fontSize} lw-${p.lineWidth}`}>
        <Header page={page} />
        <main id="main" tabindex="-1">
          {children}
        </main>
        <footer class="site-footer">
          <p>{page.siteName === 'Quire' ? 'Quire, a self-hostable fan fiction archive.' : `${page.siteName} runs on Quire, a self-hostable fan fiction archive.`} <a href="/works/feed.atom">Atom feed</a> · <a href="/api">API</a></p>
        </footer>
      </body>
    </html>
  );
}

export function ErrorBox({ message }: { message?: string }): Raw {
  if (!message) return raw('');
  return (
    <div class="error" role="alert">
      <p>{message}</p>
    </div>
  );
}
