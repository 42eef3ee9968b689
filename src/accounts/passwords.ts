// scrypt at OWASP's recommended cost (N=2^17, r=8, p=1) by default; the cost is
// stored in each hash so it can be raised later without breaking old logins.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { InvalidInput } from '../errors.ts';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1024;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export function checkPasswordRules(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN) throw new InvalidInput(`Password must be at least ${PASSWORD_MIN} characters`, 'password');
  if (length > PASSWORD_MAX) throw new InvalidInput(`Password must be at most ${PASSWORD_MAX} characters`, 'password');
}

export async function hashPassword(password: string, cost: number): Promise<string> {
  checkPasswordRules(password);
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost, 8, 1);
  return `scrypt$${cost}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password, verified against when the user is unknown so both paths take the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(cost: number): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'), cost);
  return decoy;
}
