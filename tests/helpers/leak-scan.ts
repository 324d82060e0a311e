// Looking for plaintext on disk: known marker strings, in UTF-8 and UTF-16 (both byte orders), in
// every byte of every file under a folder, and in every file a running process holds open, read
// through /proc/<pid>/fd. The second matters because SQLite unlinks its temp files right after
// creating them: a sort or temp table that spills leaves nothing in the temp folder to find later.
import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Distinctive strings the leak workload stores; none may be readable in any file. */
export const LEAK_MARKERS = {
  displayName: 'Zlatoslava Marker-7Q',
  centreName: 'Centre Marker-Ščedrin 4K',
  // Usernames are in the keyring by design (it is keyed by them, and holds nothing clinical).
  username: 'zlatoslava.m7q',
} as const;

export interface Needle {
  label: string;
  bytes: Buffer;
  /** Files where this needle is expected by design. */
  exempt?: (path: string) => boolean;
}

function swap16(buffer: Buffer): Buffer {
  return Buffer.from(buffer).swap16();
}

export function needlesFor(label: string, text: string, exempt?: (path: string) => boolean): Needle[] {
  const le = Buffer.from(text, 'utf16le');
  return [
    { label: `${label}/utf8`, bytes: Buffer.from(text, 'utf8'), exempt },
    { label: `${label}/utf16le`, bytes: le, exempt },
    { label: `${label}/utf16be`, bytes: swap16(le), exempt },
  ];
}

export const isKeyring = (path: string): boolean => /\.keyring(\.[0-9a-f]+\.tmp)?$/.test(path);

export const LEAK_NEEDLES: Needle[] = [
  ...needlesFor('display name', LEAK_MARKERS.displayName),
  ...needlesFor('centre name', LEAK_MARKERS.centreName),
  ...needlesFor('username', LEAK_MARKERS.username, isKeyring),
];

export function countOccurrences(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

export interface Hit {
  file: string;
  needle: string;
  count: number;
}

export function scanBytes(file: string, data: Buffer, needles: Needle[]): Hit[] {
  const hits: Hit[] = [];
  for (const needle of needles) {
    if (needle.exempt?.(file)) continue;
    const count = countOccurrences(data, needle.bytes);
    if (count > 0) hits.push({ file, needle: needle.label, count });
  }
  return hits;
}

/** Every regular file under `root`, recursively, with its size. */
export function listFiles(root: string): { path: string; bytes: number }[] {
  const out: { path: string; bytes: number }[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push({ path, bytes: statSync(path).size });
  }
  return out;
}

/** Scan every byte of every file under `root`; file names in the hits are relative to `base`. */
export function scanTree(root: string, needles: Needle[], base = root): Hit[] {
  return listFiles(root).flatMap(({ path }) => scanBytes(relative(base, path), readFileSync(path), needles));
}

const UNLINKED_REREAD_MS = 20;

export interface FdHit extends Hit {
  phase: string;
}

export interface FdWatch {
  /** Stop polling; every file seen open, and what was found in them. */
  stop(): Promise<{ hits: FdHit[]; observed: string[]; reads: number }>;
}

/**
 * Poll the files `pid` holds open, every few milliseconds, and scan each one whenever it is new or
 * has changed (a file already read is read again at most every `rereadMs`). Deleted files are still
 * readable through /proc/<pid>/fd/<n> while the process keeps them open.
 */
export function watchOpenFiles(pid: number, needles: Needle[], phase: () => string, rereadMs = 250): FdWatch {
  const lastRead = new Map<string, { signature: string; at: number }>();
  const observed = new Set<string>();
  const hits = new Map<string, FdHit>();
  let reads = 0;
  let running = true;

  function scan(link: string, file: string, key: string, signature: string): void {
    let data: Buffer;
    try {
      data = readFileSync(link);
    } catch {
      return; // closed meanwhile
    }
    reads++;
    lastRead.set(key, { signature, at: performance.now() });
    for (const hit of scanBytes(file, data, needles)) {
      const id = `${phase()}|${hit.file}|${hit.needle}`;
      const seen = hits.get(id);
      if (!seen || seen.count < hit.count) hits.set(id, { ...hit, phase: phase() });
    }
  }

  function pollOnce(): void {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      return; // gone
    }
    const changed: [string, string, string, string][] = [];
    for (const fd of fds) {
      const link = `/proc/${pid}/fd/${fd}`;
      let target: string;
      let info;
      try {
        target = readlinkSync(link);
        if (!target.startsWith('/') || target.startsWith('/dev/') || target.startsWith('/proc/')) continue;
        info = statSync(link);
      } catch {
        continue;
      }
      if (!info.isFile()) continue;
      const file = target.replace(/ \(deleted\)$/, '');
      observed.add(file);
      const key = `${info.dev}:${info.ino}`;
      const signature = `${info.size}:${info.mtimeMs}`;
      const previous = lastRead.get(key);
      // Unlinked (temp) files live briefly: read when new, and every 20 ms while they change. Named
      // files (the database and its WAL) are read when new, then at most every rereadMs, so they
      // do not hold the loop up; the scan of the folders at the end reads what they finally hold.
      const unlinked = target.endsWith(' (deleted)');
      const age = previous ? performance.now() - previous.at : Infinity;
      if (!previous || (unlinked && previous.signature !== signature && age >= UNLINKED_REREAD_MS)) scan(link, file, key, signature);
      else if (previous.signature !== signature && age >= rereadMs) changed.push([link, file, key, signature]);
    }
    for (const args of changed) scan(...args);
  }

  const loop = (async () => {
    while (running) {
      pollOnce();
      await sleep(2);
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
      return { hits: [...hits.values()], observed: [...observed].sort(), reads };
    },
  };
}
