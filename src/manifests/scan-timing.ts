/** When the manifest directory is read again: the write-burst debounce, the vanished-file grace, and the timer they run on. */

/**
 * Writes arrive in bursts: one scan after the burst. A file renamed into the directory is complete
 * (editors and tools write, then rename) and is read at once; a file that fails to parse, or is
 * empty, this soon after its last write is probably still being written and is read once more
 * after the burst before anything is reported.
 */
export const DEBOUNCE_MS = 50;

/**
 * How long a file that vanished, or that suddenly defines nothing (empty), keeps its pods. Editors
 * save by write-then-rename, delete-then-create or truncate-then-write: for a moment the file is
 * missing, replaced or empty. A scan after the grace (scheduled for it) decides: the file is back
 * with the same content (nothing changes), with new content (applied as any edit), or still gone
 * or empty (its pods stop). Long enough for any editor, short enough that a removal stays prompt.
 */
export const VANISHED_FILE_GRACE_MS = 2000;

/** Runs `fn` after `ms`; returns a cancel function (injected so unit tests control time). */
export type Schedule = (fn: () => void, ms: number) => () => void;

/** setTimeout, or for no delay setImmediate (a 0 ms timer waits a millisecond). */
export const realSchedule: Schedule = (fn, ms) => {
  if (ms <= 0) {
    const immediate = setImmediate(fn);
    return () => clearImmediate(immediate);
  }
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/**
 * Every this many scans each file is read whatever stat shows (`readManifestFile` skips a file
 * whose settled stamp is unchanged): a network filesystem can answer stat from its attribute
 * cache, and an edit made on another machine fires no inotify event. With the 20 s rescan, every 2 min.
 */
export const READ_ALL_EVERY = 6;

/** How many files a scan stats and reads at once (each read holds a file of up to 1 MiB). */
export const READ_AT_ONCE = 8;
