import net from 'node:net';
import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';

/** A free TCP port on loopback (so the app's PUBLIC_URL is known before it listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Captures every line the host's pino logger writes from now on (root and
 * per-request child loggers share the root's stream), so a test can assert
 * that no credential ever reaches a log line.
 */
export function captureLogs(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const root = PinoLogger.root as unknown as Record<symbol, unknown>;
  const original = root[pino.symbols.streamSym];
  root[pino.symbols.streamSym] = { write: (line: string) => void chunks.push(line) };
  return {
    text: () => chunks.join(''),
    restore() {
      root[pino.symbols.streamSym] = original;
    },
  };
}
