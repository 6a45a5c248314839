/**
 * How long one AWS request may take: to connect, and in all. Without a limit
 * the SDK waits forever on an endpoint that accepts a connection and never
 * answers. No SDK import here: the CLI reads these before the SDK is loaded.
 */
export interface RequestTimeouts {
  connectMs: number;
  requestMs: number;
}

export const DEFAULT_TIMEOUTS: RequestTimeouts = { connectMs: 10_000, requestMs: 60_000 };
