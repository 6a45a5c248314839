/** What the CLI touches outside itself, so tests can run it in-process. */
export interface Io {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** The process's stdin, read to its end or until more than `maxBytes` arrived (`lint -`). */
  readStdin?: (maxBytes: number) => Promise<ReadResult>;
}

export type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** A mistake in how the command was called: exit 2 with this message, never a stack trace. */
export class UsageError extends Error {}
