import { h, Fragment, type Raw } from '../web/jsx.ts';
import { CsrfField, ErrorBox, Layout, type PageContext } from '../web/layout.tsx';
import type { Preferences } from './repository.ts';
import type { Pseud } from '../db/schema.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';

export function LoginPage({ page, error, login, returnTo, notice }: { page: PageContext; error?: string; login?: string; returnTo: string; notice?: string }): Raw {
  return (
    <Layout page={page} title="Log in">
      <h1>Log in</h1>
      {notice ? <p class="notice">{notice}</p> : null}
      <ErrorBox message={error} />
      <form method="post" action="/login" class="stacked">
        <CsrfField page={page} />
        <input type="hidden" name="return_to" value={returnTo} />
        <label for="login">User name</label>
        <input id="login" name="login" autocomplete="username" required value={login ?? ''} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Log in</button>
      </form>
      <p>No account yet? <a href="/signup">Sign up</a>.</p>
    </Layout>
  );
}

export function SignupPage({ page, error, values }: { page: PageContext; error?: string; values?: Record<string, string> }): Raw {
  return (
    <Layout page={page} title="Sign up">
      <h1>Create an account</h1>
      <ErrorBox message={error} />
      <form method="post" action="/signup" class="stacked">
        <CsrfField page={page} />
        <label for="login">User name</label>
        <input id="login" name="login" autocomplete="username" required minlength="3" maxlength="40" pattern="[A-Za-z0-9][A-Za-z0-9_]{2,39}" aria-describedby="login-help" value={values?.login ?? ''} />
        <p id="login-help" class="help">3 to 40 letters, digits or underscores. It is also your first pseud.</p>
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="email" required value={values?.email ?? ''} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength={String(PASSWORD_MIN)} maxlength={String(PASSWORD_MAX)} aria-describedby="password-help" />
        <p id="password-help" class="help">At least {PASSWORD_MIN} characters; long passphrases are welcome.</p>
        <button type="submit">Sign up</button>
      </form>
    </Layout>
  );
}

const FONT_SIZES = [70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200];
const LINE_WIDTHS = [20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80];

export function PreferencesPage({ page, prefs, error, saved }: { page: PageContext; prefs: Preferences; error?: string; saved?: boolean }): Raw {
  return (
    <Layout page={page} title="Preferences">
      <h1>Reading preferences</h1>
      {saved ? <p class="notice" role="status">Your preferences are saved.</p> : null}
      <ErrorBox message={error} />
      <form method="post" action="/preferences" class="stacked">
        <CsrfField page={page} />
        <fieldset>
          <legend>Theme</legend>
          {(['auto', 'light', 'dark'] as const).map((t) => (
            <label class="choice">
              <input type="radio" name="theme" value={t} checked={prefs.theme === t} /> {t === 'auto' ? 'Follow my device' : t === 'light' ? 'Light' : 'Dark'}
            </label>
          ))}
        </fieldset>
        <label for="font_size">Text size</label>
        <select id="font_size" name="font_size">
          {FONT_SIZES.map((s) => <option value={String(s)} selected={prefs.fontSize === s}>{s}%</option>)}
        </select>
        <label for="line_width">Line width</label>
        <select id="line_width" name="line_width">
          {LINE_WIDTHS.map((w) => <option value={String(w)} selected={prefs.lineWidth === w}>{w} em</option>)}
        </select>
        {page.user ? (
          <label class="choice">
            <input type="checkbox" name="view_adult" value="on" checked={prefs.viewAdult} /> Show Mature, Explicit and Not Rated works without asking me first
          </label>
        ) : (
          <p class="help">Log in to turn off the adult-content warning for good; as a guest these settings live in a cookie on this device.</p>
        )}
        <button type="submit">Save</button>
      </form>
    </Layout>
  );
}

export function PseudsPage({ page, pseuds, error }: { page: PageContext; pseuds: Pseud[]; error?: string }): Raw {
  return (
    <Layout page={page} title="Your pseuds">
      <h1>Your pseuds</h1>
      <ul>
        {pseuds.map((p) => (
          <li>
            <a href={`/users/${encodeURIComponent(page.user!.login)}/pseuds/${encodeURIComponent(p.name)}`}>{p.name}</a>
            {p.is_default ? ' (default)' : ''}
          </li>
        ))}
      </ul>
      <h2>Add a pseud</h2>
      <ErrorBox message={error} />
      <form method="post" action="/pseuds" class="stacked">
        <CsrfField page={page} />
        <label for="name">Name</label>
        <input id="name" name="name" required maxlength="40" />
        <label for="description">Description</label>
        <textarea id="description" name="description" rows="3" maxlength="500"></textarea>
        <button type="submit">Add pseud</button>
      </form>
    </Layout>
  );
}
