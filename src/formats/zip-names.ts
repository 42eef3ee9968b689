// Entry names are paths chosen by whoever made the archive. We never write entries to disk, but a
// name that climbs out of the archive ("../../etc/passwd", "C:\boot.ini", "%2e%2e%2f") is only
// ever an attack, so the whole file is refused rather than the entry quietly skipped.

/** Decodes %XX escapes, leaving anything that is not one as it is (so "%%32%65" becomes "%2e"). */
function percentDecode(name: string): string {
  return name.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function unsafeForm(name: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character';
  if (name.includes('\\')) return 'contains a backslash';
  if (/^[/]/.test(name)) return 'is an absolute path';
  if (/^[a-z]:/i.test(name)) return 'starts with a drive letter';
  // A segment that starts or ends with ".." climbs once some layer reads what sits beside the dots
  // as a separator ("..%c0%af" is an overlong "/").
  if (name.split('/').some((part) => part.startsWith('..') || part.trim().endsWith('..'))) return 'climbs out of the archive (..)';
  return null;
}

/** Why `name` is not a safe entry name, or null when it is. Encoded forms are checked too. */
export function unsafeEntryName(name: string): string | null {
  if (name === '') return 'is empty';
  let current = name;
  // Three rounds catch double- and triple-encoded names; legitimate names have no escapes at all.
  for (let round = 0; round < 4; round++) {
    const problem = unsafeForm(current);
    if (problem) return problem;
    const next = percentDecode(current);
    if (next === current) break;
    current = next;
  }
  return null;
}
