/** One container's json-file logs: the live file and the rotated ones (`<LogPath>.1` is the newest of them). */
export interface ContainerLogFiles {
  containerId: string;
  running: boolean;
  live: { path: string; bytes: number };
  /** Oldest last: `.1`, `.2`, … */
  rotated: ReadonlyArray<{ path: string; bytes: number }>;
}
