/**
 * A TCP proxy on a free loopback port in front of a real server (PostgreSQL, Redis), to
 * simulate a network partition: freeze() stops moving bytes on every connection and
 * leaves new ones unanswered, so clients wait instead of getting ECONNREFUSED (the hard
 * case: nothing errors, things just hang); thaw() resets the frozen connections, as a
 * partition that heals does, and forwards again.
 */
import net from 'node:net';

export class TcpProxy {
  private server: net.Server | null = null;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();
  private frozen = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const pair = { client, upstream: null as net.Socket | null };
      this.pairs.add(pair);
      client.on('error', () => undefined);
      client.on('close', () => {
        pair.upstream?.destroy();
        this.pairs.delete(pair);
      });
      if (!this.frozen) this.connect(pair);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  private connect(pair: { client: net.Socket; upstream: net.Socket | null }) {
    const upstream = net.connect(this.target);
    pair.upstream = upstream;
    upstream.on('error', () => pair.client.destroy());
    upstream.on('close', () => pair.client.destroy());
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
  }

  /** Bytes stop flowing both ways; new connections are accepted and never answered. */
  freeze(): void {
    this.frozen = true;
    for (const { client, upstream } of this.pairs) {
      client.unpipe();
      upstream?.unpipe();
      client.pause();
      upstream?.pause();
    }
  }

  /** The partition heals: frozen connections are reset, new ones are forwarded. */
  thaw(): void {
    this.frozen = false;
    for (const { client, upstream } of [...this.pairs]) {
      client.destroy();
      upstream?.destroy();
    }
  }

  async stop(): Promise<void> {
    this.thaw();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}
