// The yardstick: a bare Fastify hello-world, run in its own process beside Keyfront. Every
// scenario's requests/s is divided by this server's, measured right before it on the same machine.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`reference listening on ${address}`);
const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
