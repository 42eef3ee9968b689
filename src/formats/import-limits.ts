// How much an uploaded file may hold. The CLI and the web upload refuse bigger files before they
// are read; the parsers check again so a caller that forgets cannot be made to unpack a bomb.

const MiB = 1024 * 1024;

export const IMPORT_LIMITS = {
  /** The largest file we accept at all (the CLI's own limit). */
  fileBytes: 20 * MiB,
  /** Chapters in one work: more is a collection or a broken file, not a story. */
  chapters: 1_000,
};

export interface ZipLimits {
  entries: number;
  /** Everything read from one archive, unpacked. */
  totalBytes: number;
  /** One entry, unpacked. */
  entryBytes: number;
  /** Unpacked size over packed size. Prose deflates about 3:1; a bomb deflates 1000:1. */
  ratio: number;
  /** Below this size an entry may have any ratio (a page of spaces deflates very well). */
  ratioFloorBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  entries: 3_000,
  totalBytes: 100 * MiB,
  entryBytes: 20 * MiB,
  ratio: 100,
  ratioFloorBytes: 1 * MiB,
};

export const mebibytes = (bytes: number): string => `${Math.round((bytes / MiB) * 10) / 10} MB`;
