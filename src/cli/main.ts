// The `quire` command. Every command reads the same environment configuration.
import { ConfigError, configHelp, loadConfig } from '../config.ts';
import { DomainError } from '../errors.ts';
import { UsageError } from './args.ts';

type Run = (args: string[]) => Promise<number>;

// Each command's module is loaded only when it runs: `quire --help` or a bad setting answers at
// once instead of first loading the web server, the importers and both database drivers.
const COMMANDS: Record<string, { summary: string; load: () => Promise<Run> }> = {
  serve: { summary: 'start the web server (what `npm start` runs)', load: async () => (await import('./serve.ts')).serveCommand },
  import: {
    summary: 'import story files as works (a folder: every importable file in it), skipping files imported before: import FILE... --user NAME [--rating R] [--fandom F]... [--warning W]... [--tag T]... [--language L] [--json]',
    load: async () => (await import('./import.ts')).importCommand,
  },
  export: {
    summary: 'write works as files: export ID... [--format epub|html|txt|md|pdf] [--paper a5|letter] [-o FILE_OR_DIR] [--as LOGIN] (as a guest unless --as)',
    load: async () => (await import('./export.ts')).exportCommand,
  },
  admin: { summary: 'manage admins: admin create NAME --email EMAIL (reads the password from standard input)', load: async () => (await import('./admin.ts')).adminCommand },
  tags: { summary: 'wrangle tags: tags canonical|merge|unmerge|meta|parent … (run `quire tags` for details)', load: async () => (await import('./tags.ts')).tagsCommand },
  migrate: { summary: 'bring the database schema up to date (serve does this too)', load: async () => (await import('./migrate.ts')).migrateCommand },
};

export function helpText(): string {
  return [
    'Usage: quire COMMAND [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`),
    '',
    'Settings come from environment variables:',
    configHelp(),
  ].join('\n');
}

/** A failure of the world rather than of Quire (no database, port taken): a message, not a stack trace. */
function isOperational(e: unknown): e is Error & { code: string } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string';
}

function describeOperational(e: Error & { code: string }): string {
  const where = (() => {
    try {
      return loadConfig().databaseUrl.replace(/\/\/[^@/]*@/, '//…@');
    } catch {
      return 'DATABASE_URL';
    }
  })();
  if (e.code === 'EADDRINUSE') return `${e.message} (choose another PORT)`;
  if (e.code === 'EACCES' && /listen/.test(e.message)) return `${e.message} (choose a PORT above 1023)`;
  if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET)$/.test(e.code) || /^(08|28|3D|57P)[0-9A-Z]{2,3}$/.test(e.code)) {
    return `cannot use the database at ${where}: ${e.message}`;
  }
  return e.message;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(helpText());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`quire: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  try {
    loadConfig(); // fail fast on a bad setting, before any work starts
    const run = await command.load();
    return await run(rest);
  } catch (e) {
    if (e instanceof ConfigError) console.error(`quire: configuration error: ${e.message}`);
    else if (e instanceof UsageError) console.error(`quire ${name}: ${e.message}\nRun "quire --help" for usage.`);
    else if (e instanceof DomainError) console.error(`quire ${name}: ${e.message}`);
    else if (isOperational(e)) {
      console.error(`quire ${name}: ${describeOperational(e)}`);
      return 1;
    } else throw e;
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
