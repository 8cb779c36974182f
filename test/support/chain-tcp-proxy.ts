import net from 'node:net';

export interface TcpProxy {
  /** ws URL through the proxy. */
  endpoint: string;
  /** Keeps connections open but stops forwarding anything: a node that hangs. */
  freeze(): void;
  /** Client connections open now (to tell which of several endpoints a process is using). */
  openConnections(): number;
  close(): Promise<void>;
}

/** A TCP forwarder on 127.0.0.1 in front of a ws endpoint, to simulate a node that stops answering. */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  let frozen = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    clients.add(client);
    client.on('close', () => clients.delete(client));
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (d) => void (frozen || upstream.write(d)));
    upstream.on('data', (d) => void (frozen || client.write(d)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    endpoint: `ws://127.0.0.1:${address.port}`,
    freeze: () => void (frozen = true),
    openConnections: () => clients.size,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
