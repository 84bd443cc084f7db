import net from 'node:net';

/**
 * Asks the kernel for an unused TCP port on 127.0.0.1. The port is released before returning, so another
 * process could take it first; callers bind it soon after and treat a bind failure as retryable.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}
