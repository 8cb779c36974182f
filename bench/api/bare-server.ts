/**
 * The reference of bench:api: the same Fastify as the service, logger off, one GET route answering
 * a small JSON. Run as its own process; prints `bare ready <port>` once it listens on 127.0.0.1.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(`bare ready ${typeof address === 'object' && address ? address.port : 0}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
