import type { Db, Pseud, Role, User } from '../db/schema.ts';

export const loginKey = (login: string): string => login.normalize('NFC').toLowerCase();

export function findUserByLogin(db: Db, login: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('login_key', '=', loginKey(login)).executeTakeFirst();
}

export function findUserById(db: Db, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  db: Db,
  u: { login: string; email: string; passwordHash: string; role: Role; now: string },
): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('users')
      .values({ login: u.login, login_key: loginKey(u.login), email: u.email, password_hash: u.passwordHash, role: u.role, created_at: u.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('pseuds')
      .values({ user_id: user.id, name: u.login, name_key: loginKey(u.login), is_default: 1, description: '', created_at: u.now })
      .execute();
    return user;
  });
}

export function listPseuds(db: Db, userId: number): Promise<Pseud[]> {
  return db.selectFrom('pseuds').selectAll().where('user_id', '=', userId).orderBy('is_default', 'desc').orderBy('name_key').execute();
}

export function findPseud(db: Db, userId: number, name: string): Promise<Pseud | undefined> {
  return db.selectFrom('pseuds').selectAll().where('user_id', '=', userId).where('name_key', '=', loginKey(name)).executeTakeFirst();
}

export function insertPseud(db: Db, p: { userId: number; name: string; description: string; now: string }): Promise<Pseud> {
  return db
    .insertInto('pseuds')
    .values({ user_id: p.userId, name: p.name, name_key: loginKey(p.name), is_default: 0, description: p.description, created_at: p.now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertSession(db: Db, s: { id: string; userId: number; now: string; expiresAt: string }): Promise<void> {
  await db.insertInto('sessions').values({ id: s.id, user_id: s.userId, created_at: s.now, expires_at: s.expiresAt }).execute();
}

export function findSessionUser(db: Db, sessionId: string, now: string): Promise<User | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

export interface Preferences {
  viewAdult: boolean;
  theme: 'auto' | 'light' | 'dark';
  fontSize: number;
  lineWidth: number;
}

export async function updatePreferences(db: Db, userId: number, p: Preferences): Promise<void> {
  await db
    .updateTable('users')
    .set({ pref_view_adult: p.viewAdult ? 1 : 0, pref_theme: p.theme, pref_font_size: p.fontSize, pref_line_width: p.lineWidth })
    .where('id', '=', userId)
    .execute();
}
