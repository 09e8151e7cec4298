// Finds (or starts) the Redis the API or the tests need.
import { execSync, spawn } from 'node:child_process';
import net from 'node:net';

export function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG') || d.toString().startsWith('-NOAUTH')));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export function onPath(bin) {
  try {
    execSync(`command -v ${bin}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The Redis URL to use: REDIS_URL (default redis://127.0.0.1:6379) when it
 * answers; otherwise a redis-server started for this run on a free port
 * (stopped with the returned `stop`). Exits with instructions when neither.
 */
export async function ensureRedis() {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return { url, stop: () => undefined };
  if (!onPath('redis-server')) {
    console.error(
      `[storebridge] Redis is required and nothing answers at ${url}.\n` +
        '  Install and start it (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis && brew services start redis`),\n' +
        '  or point REDIS_URL at one.',
    );
    process.exit(1);
  }
  const started = await startRedisServer();
  console.log(`[storebridge] no Redis at ${url}; started redis-server for this run at ${started.url}`);
  return started;
}

/** A throwaway redis-server on a free loopback port, keeping nothing on disk. */
export async function startRedisServer() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisAnswers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  return { url, stop: () => child.kill() };
}
