// Schema checks for the catalog and feed tests: jing with the OPDS 1.2 / Atom RELAX NG schemas,
// ajv with the OPDS 2.0 JSON schemas, both from ../shared/schemas. Locally a missing jing or
// ../shared skips (with a `# SKIPPED:` line); in CI (CI=true) both are required.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { sharedPath } from '../formats/shared-data.ts';

// ajv-formats is CommonJS; under ESM its default export is the function itself.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const required = process.env.CI === 'true';
const JING = process.env.QUIRE_JING ?? '/usr/bin/jing';
const said = new Set<string>();

function unavailable(what: string, fix: string): null {
  if (required) throw new Error(`${what} is required in CI but missing: ${fix}`);
  if (!said.has(what)) console.log(`# SKIPPED: ${what} (${fix})`);
  said.add(what);
  return null;
}

export interface XmlDocument {
  name: string;
  xml: string;
}

/**
 * Validates every document with one jing run (its JVM start costs more than the checks) and
 * returns the error lines, each starting with the document's name; null when skipped. A
 * document that is not well-formed XML stops jing there, so later ones go unchecked until it is fixed.
 */
export async function jingErrors(schema: 'opds.rnc' | 'atom.rnc', documents: XmlDocument[]): Promise<string[] | null> {
  const rnc = sharedPath(`schemas/opds1.2/${schema}`);
  if (!rnc) return unavailable('RELAX NG validation', `../shared/schemas/opds1.2/${schema} is not present`);
  if (!existsSync(JING)) return unavailable('RELAX NG validation', 'jing is not installed; apt-get install -y jing');
  const dir = mkdtempSync(join(tmpdir(), 'quire-jing-'));
  try {
    const files = documents.map((d, i) => {
      const file = join(dir, `${String(i).padStart(3, '0')}-${d.name.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 60)}.xml`);
      writeFileSync(file, d.xml);
      return file;
    });
    const output = await new Promise<string>((resolve, reject) => {
      execFile(JING, ['-c', rnc, ...files], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        // jing exits 1 when a document is invalid and reports on stdout; anything else (no JVM, a bad
        // schema) is a failure of the check itself. Debian's wrapper warns about optional jars on stderr.
        if (error && error.code !== 1) reject(new Error(`jing failed: ${stderr || error.message}`));
        else resolve(stdout);
      });
    });
    return output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const at = files.findIndex((f) => line.startsWith(f));
        return at < 0 ? line : `${documents[at]!.name}${line.slice(files[at]!.length)}`;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
  });
}

let feedValidator: ValidateFunction | null | undefined;
/** The OPDS 2.0 feed schema with every schema it refers to (OPDS and Readium webpub), or null when skipped. */
export function opds2FeedValidator(): ValidateFunction | null {
  if (feedValidator !== undefined) return feedValidator;
  const opds2 = sharedPath('schemas/opds2');
  const webpub = sharedPath('schemas/webpub');
  if (!opds2 || !webpub) return (feedValidator = unavailable('OPDS 2.0 schema validation', '../shared/schemas/opds2 and webpub are not present'));
  // The schemas declare draft-07; strict mode would reject their harmless unknown keywords.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const file of [...jsonFiles(opds2), ...jsonFiles(webpub)]) ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')) as object);
  return (feedValidator = ajv.getSchema('https://drafts.opds.io/schema/feed.schema.json') ?? null);
}

export function opds2Errors(validate: ValidateFunction, document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
