// Sign-up, login, sessions, pseuds and reader preferences.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';
import { nowIso } from '../context.ts';
import type { Pseud, Role, User } from '../db/schema.ts';
import { Conflict, InvalidInput, NotFound } from '../errors.ts';
import { requireLogin, type MaybeViewer } from '../authz/policy.ts';
import { checkPasswordRules, decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import * as repo from './repository.ts';
import type { Preferences } from './repository.ts';

const LOGIN_RE = /^[A-Za-z0-9][A-Za-z0-9_]{2,39}$/;
const PSEUD_RE = /^[\p{L}\p{N}][\p{L}\p{N}_ ]{0,39}$/u;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SignupInput {
  login: string;
  email: string;
  password: string;
}

export async function signup(ctx: Context, input: SignupInput, role: Role = 'user'): Promise<User> {
  const login = input.login.trim();
  const email = input.email.trim();
  if (!LOGIN_RE.test(login)) throw new InvalidInput('User name must be 3 to 40 letters, digits or underscores, starting with a letter or digit', 'login');
  if (!EMAIL_RE.test(email) || email.length > 254) throw new InvalidInput('Please give a valid email address', 'email');
  checkPasswordRules(input.password);
  if (await repo.findUserByLogin(ctx.db, login)) throw new Conflict('That user name is taken', 'login');
  const passwordHash = await hashPassword(input.password, ctx.config.scryptCost);
  try {
    return await repo.insertUser(ctx.db, { login, email, passwordHash, role, now: nowIso() });
  } catch (e) {
    // Two sign-ups racing for one name: the unique index decides.
    if (await repo.findUserByLogin(ctx.db, login)) throw new Conflict('That user name is taken', 'login');
    throw e;
  }
}

/** Unknown user and wrong password answer alike, in the same time, and both count towards the limit. */
export async function authenticate(ctx: Context, login: string, password: string, ip: string): Promise<User> {
  const keys = [`ip:${ip}`, `login:${repo.loginKey(login.trim())}`];
  ctx.loginFailures.check(keys);
  const user = await repo.findUserByLogin(ctx.db, login.trim());
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash(ctx.config.scryptCost)));
  if (!user || !ok) {
    ctx.loginFailures.fail(keys);
    throw new InvalidInput('Wrong user name or password', 'login');
  }
  ctx.loginFailures.reset([`login:${user.login_key}`]);
  return user;
}

const sessionIdOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Starts a new session and returns the cookie value; only its hash is stored. */
export async function startSession(ctx: Context, userId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionDays * 86_400_000).toISOString();
  await repo.insertSession(ctx.db, { id: sessionIdOf(token), userId, now: now.toISOString(), expiresAt });
  return token;
}

export async function userForSession(ctx: Context, token: string | undefined): Promise<User | null> {
  if (!token || token.length > 100) return null;
  return (await repo.findSessionUser(ctx.db, sessionIdOf(token), nowIso())) ?? null;
}

export async function endSession(ctx: Context, token: string | undefined): Promise<void> {
  if (token) await repo.deleteSession(ctx.db, sessionIdOf(token));
}

export async function savePreferences(ctx: Context, viewer: MaybeViewer, input: Record<string, unknown>): Promise<Preferences> {
  const v = requireLogin(viewer);
  const prefs = parsePreferences(input);
  await repo.updatePreferences(ctx.db, v.id, prefs);
  return prefs;
}

export function parsePreferences(input: Record<string, unknown>): Preferences {
  const theme = String(input.theme ?? 'auto');
  if (theme !== 'auto' && theme !== 'light' && theme !== 'dark') throw new InvalidInput('Theme must be auto, light or dark', 'theme');
  const fontSize = Number(input.font_size ?? 100);
  if (!Number.isInteger(fontSize) || fontSize < 70 || fontSize > 200) throw new InvalidInput('Font size must be 70 to 200 percent', 'font_size');
  const lineWidth = Number(input.line_width ?? 40);
  if (!Number.isInteger(lineWidth) || lineWidth < 20 || lineWidth > 80) throw new InvalidInput('Line width must be 20 to 80 em', 'line_width');
  const viewAdult = input.view_adult === true || input.view_adult === 'true' || input.view_adult === 'on' || input.view_adult === '1';
  return { theme, fontSize, lineWidth, viewAdult };
}

export function preferencesOf(user: User | null): Preferences {
  if (!user) return { theme: 'auto', fontSize: 100, lineWidth: 40, viewAdult: false };
  return {
    theme: user.pref_theme as Preferences['theme'],
    fontSize: user.pref_font_size,
    lineWidth: user.pref_line_width,
    viewAdult: user.pref_view_adult === 1,
  };
}

export async function addPseud(ctx: Context, viewer: MaybeViewer, name: string, description = ''): Promise<Pseud> {
  const v = requireLogin(viewer);
  const clean = name.trim().replace(/\s+/g, ' ');
  if (!PSEUD_RE.test(clean)) throw new InvalidInput('A pseud is 1 to 40 letters, digits, spaces or underscores', 'name');
  if (await repo.findPseud(ctx.db, v.id, clean)) throw new Conflict('You already have that pseud', 'name');
  return repo.insertPseud(ctx.db, { userId: v.id, name: clean, description: description.slice(0, 500), now: nowIso() });
}

export async function userProfile(ctx: Context, login: string): Promise<{ user: User; pseuds: Pseud[] }> {
  const user = await repo.findUserByLogin(ctx.db, login);
  if (!user) throw new NotFound('No such user');
  return { user, pseuds: await repo.listPseuds(ctx.db, user.id) };
}

export { listPseuds } from './repository.ts';
