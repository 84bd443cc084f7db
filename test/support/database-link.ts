import { connect, type Server, type Socket, createServer as tcpServer } from 'node:net';

/**
 * A TCP proxy in front of Postgres that the test can cut (connections refused and the open ones reset)
 * or make silent (connections accepted, nothing answered), then restore.
 */
export class DatabaseLink {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  mode: 'up' | 'silent' = 'up';
  port = 0;

  constructor(private readonly target: URL) {}

  async open(): Promise<void> {
    if (this.server) return;
    const server = tcpServer((client) => {
      this.track(client);
      if (this.mode === 'silent') return;
      const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
      this.track(upstream);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Refuses new connections and resets the open ones: the database is gone. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  url(): string {
    const url = new URL(this.target);
    url.host = `127.0.0.1:${this.port}`;
    return url.toString();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }
}
