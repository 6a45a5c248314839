import { createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback stand-in for a broken AWS endpoint: it accepts connections and
 * then, per request, either never answers ("hang") or closes the socket
 * ("drop"). Combined with a recorded-response handler, it breaks a chosen
 * call of a conversation and answers the others.
 */
export type Fault = 'hang' | 'drop';

export interface FaultyEndpoint {
  endpoint: string;
  /** Requests seen so far, by action (the query-protocol `Action=`). */
  actions: string[];
  close(): Promise<void>;
}

export async function startFaulty(
  decide: (action: string, index: number, params: URLSearchParams) => Fault | { status?: number; body: string },
): Promise<FaultyEndpoint> {
  const actions: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length:\s*(\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const body = buffer.slice(end + 4, end + 4 + length);
        buffer = buffer.slice(end + 4 + length);
        const params = new URLSearchParams(body);
        const action = params.get('Action') ?? '';
        actions.push(action);
        const what = decide(action, actions.length - 1, params);
        if (what === 'hang') return;
        if (what === 'drop') {
          socket.destroy();
          return;
        }
        const payload = Buffer.from(what.body, 'utf8');
        socket.write(
          `HTTP/1.1 ${what.status ?? 200} OK\r\ncontent-type: text/xml\r\ncontent-length: ${payload.length}\r\n\r\n`,
        );
        socket.write(payload);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    actions,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
