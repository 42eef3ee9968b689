import { loadConfig } from '../config.ts';
import { openContext } from '../context.ts';
import { signup } from '../accounts/service.ts';
import { checkPasswordRules } from '../accounts/passwords.ts';
import { parse, UsageError } from './args.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function adminCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { email: { type: 'string' } });
  const [sub, name, ...extra] = positionals;
  if (sub !== 'create' || !name || extra.length > 0) throw new UsageError('usage: quire admin create NAME --email EMAIL (password on standard input)');
  if (!values.email) throw new UsageError('--email is required');
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter and Ctrl-D): ');
  // Only the line ending is removed: spaces inside or around a password are part of it.
  const password = (await readStdin()).replace(/\r?\n$/, '');
  // Checked before the database is opened, so a bad password leaves no trace (not even a new file).
  checkPasswordRules(password);
  const ctx = await openContext(loadConfig());
  try {
    const user = await signup(ctx, { login: name, email: values.email, password }, 'admin');
    console.log(`Created admin ${user.login} (id ${user.id})`);
    return 0;
  } finally {
    await ctx.close();
  }
}
