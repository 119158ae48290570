/**
 * @module
 * An in-memory file system for libxml2's schema loader. libxml2 resolves `xs:import` and
 * `xs:include` through input callbacks that are global to the WebAssembly instance, so ONE
 * provider is registered per process and every schema set gets its own folder in it:
 * `brevdue-xsd:///<set>/<path>`. libxml2 resolves relative `schemaLocation`s against that URL like
 * any other, so imports such as `../v1.1/MeMo_kle.xsd` find their file without touching the disk
 * or the network.
 */
import { xmlRegisterInputProvider } from 'libxml2-wasm';

const SCHEME = 'brevdue-xsd:///';

/** The files of one schema set, and the names libxml2 asked for that the set does not have. */
export interface VirtualFolder {
  /** URL of `path` inside this folder, for the parser's `url` option. */
  url(path: string): string;
  /** Names libxml2 tried to load under this folder that were not among its files. */
  readonly missing: string[];
  /** Removes the folder; later loads of its files fail. */
  remove(): void;
}

const folders = new Map<string, { files: Map<string, Uint8Array>; missing: string[] }>();
const open = new Map<number, { bytes: Uint8Array; at: number }>();
let nextFolder = 1;
let nextFd = 1;
let registered = false;

/** Splits `brevdue-xsd:///7/memo/v1.1/x.xsd` into the folder entry and the file path. */
function lookup(url: string): { folder?: { files: Map<string, Uint8Array>; missing: string[] }; path: string } {
  if (!url.startsWith(SCHEME)) return { path: url };
  const rest = url.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  return { folder: folders.get(rest.slice(0, slash)), path: rest.slice(slash + 1) };
}

function register(): void {
  if (registered) return;
  const ok = xmlRegisterInputProvider({
    match(url) {
      const { folder, path } = lookup(url);
      if (!folder) return false;
      if (folder.files.has(path)) return true;
      // Remembered so the compile can name the file instead of libxml2's vague warning.
      folder.missing.push(path);
      return false;
    },
    open(url) {
      const { folder, path } = lookup(url);
      const bytes = folder?.files.get(path);
      if (!bytes) return undefined;
      const fd = nextFd++;
      open.set(fd, { bytes, at: 0 });
      return fd;
    },
    read(fd, into) {
      const file = open.get(fd);
      if (!file) return -1;
      const n = Math.min(into.byteLength, file.bytes.byteLength - file.at);
      into.set(file.bytes.subarray(file.at, file.at + n));
      file.at += n;
      return n;
    },
    close(fd) {
      return open.delete(fd);
    },
  });
  if (!ok) throw new Error('@brevdue/shared/xml: libxml2 refused the schema input provider (its callback table is full)');
  registered = true;
}

/**
 * Puts a schema set into the in-memory file system.
 * @param files file contents by path relative to the set (`memo/v1.1/MeMo_core.xsd`)
 * @throws Error when libxml2 has no room for the input provider.
 */
export function createVirtualFolder(files: Map<string, Uint8Array>): VirtualFolder {
  register();
  const id = String(nextFolder++);
  const entry = { files, missing: [] as string[] };
  folders.set(id, entry);
  return {
    url: (path) => `${SCHEME}${id}/${path}`,
    missing: entry.missing,
    remove: () => void folders.delete(id),
  };
}
