import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A loopback server that answers AWS query-protocol calls with recorded
 * responses from test/fixtures/aws, so the real SDK parses the real wire
 * format. Every request is kept (service, action, form parameters) for
 * assertions on what was sent.
 */
// Tests are bundled into out/test/unit/aws/: four levels up is the repository.
export const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'aws');

export interface RecordedRequest {
  service: string;
  action: string;
  params: URLSearchParams;
  /** For REST calls (S3): the method, path and headers as sent. */
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export type Reply = ({ file: string } | { body: string }) & {
  status?: number;
  headers?: Record<string, string>;
};
export type Handler = (req: RecordedRequest, index: number) => Reply;

export interface Recorded {
  endpoint: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export function fixture(path: string, vars: Record<string, string> = {}): string {
  const now = Date.now();
  return readFileSync(join(FIXTURES, path), 'utf8')
    .replace(/\{\{NOW(?:-(\d+))?\}\}/g, (_, s: string | undefined) =>
      new Date(now - Number(s ?? 0) * 1000).toISOString(),
    )
    .replace(/\{\{(\w+)\}\}/g, (whole, k: string) => vars[k] ?? whole);
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export async function startRecorded(handler: Handler): Promise<Recorded> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const service =
        /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'unknown';
      const r: RecordedRequest = {
        service,
        action: params.get('Action') ?? '',
        params,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
      };
      requests.push(r);
      let reply: Reply;
      try {
        reply = handler(r, requests.length - 1);
      } catch (e) {
        reply = {
          status: 500,
          body: `<ErrorResponse><Error><Code>TestHandler</Code><Message>${xmlEscape(String(e))}</Message></Error></ErrorResponse>`,
        };
      }
      const body = 'file' in reply ? fixture(reply.file, { NAME: params.get('ChangeSetName') ?? '' }) : reply.body;
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/xml', ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
