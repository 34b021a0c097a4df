/** What the Redis store uses of a node-redis client. */
export interface Client {
  connect(): Promise<unknown>;
  sendCommand<T>(args: readonly string[]): Promise<T>;
  close(): Promise<void>;
  destroy(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

/** One client and what was learnt about its server's clock. */
export interface Live {
  readonly client: Client;
  clock: { readonly offsetMs: number; readonly measuredAt: number } | undefined;
}

/** Drops the client and its socket at once, whatever state it is in. */
export function destroyClient(client: Client): void {
  try {
    client.destroy();
  } catch {
    // Already closed.
  }
}
