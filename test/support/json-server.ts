import { createServer } from 'node:http';

export interface JsonServer {
  url: string;
  close(): Promise<void>;
}

/** Serves one JSON document on 127.0.0.1 (a free port), as a candidate source would. */
export async function serveJson(body: unknown, path = '/candidates'): Promise<JsonServer> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
