/**
 * @module
 * Reads a folder of schema files into the `files` record {@link createXsdValidator} takes, keyed
 * by path relative to the folder with `/` separators, so relative `schemaLocation`s still resolve.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Reads every `.xsd` file under `dir` (recursively, or only the given sub-folders).
 * @param dir the folder the schema set's relative paths start from
 * @param folders sub-folders to read (default: all of `dir`)
 * @example const files = readSchemaFiles(fileURLToPath(new URL('../schemas/', import.meta.url)), ['memo/v1.1']);
 * @throws Error (from `node:fs`) when a folder cannot be read.
 */
export function readSchemaFiles(dir: string, folders: string[] = ['.']): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.xsd')) out[relative(dir, path).split(sep).join('/')] = readFileSync(path);
    }
  };
  for (const folder of folders) walk(join(dir, folder));
  return out;
}
