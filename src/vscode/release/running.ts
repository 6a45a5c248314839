/**
 * The releases running in this window, by stack or group name: one operation
 * per stack or group at a time. One object per extension host (made by
 * ./index.ts and passed in ReleaseDeps), so what "running" means is explicit.
 */
export class RunningReleases {
  private readonly keys = new Set<string>();

  /** Claims `key`; false when an operation on it is already running. */
  start(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    return true;
  }

  finish(key: string): void {
    this.keys.delete(key);
  }
}
