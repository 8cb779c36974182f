import net from 'node:net';

/** Sends a RESP `PING` to the URL's host and port; true only for a `+PONG` answer within the timeout. */
export function redisAnswersPing(redisUrl: string, timeoutMs = 2_000): Promise<boolean> {
  const url = new URL(redisUrl);
  const port = url.port === '' ? 6379 : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect({ host, port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) finish(answer.startsWith('+PONG'));
    });
    socket.once('end', () => finish(answer.startsWith('+PONG')));
  });
}
