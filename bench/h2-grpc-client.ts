import http2 from 'node:http2';

/**
 * A minimal unary gRPC client straight on node:http2, for load generation only: the benchmark should
 * spend its CPU in the hub, not in the load generator's client stack (grpc-js costs several times more
 * per call). It speaks the gRPC wire format: length-prefixed messages, status in trailers.
 */
export class H2GrpcClient {
  private readonly session: http2.ClientHttp2Session;

  /** With `tls`, over TLS with a client certificate (the hub's mTLS door); plaintext otherwise. */
  constructor(address: string, tls?: { ca: Buffer; key: Buffer; cert: Buffer }) {
    this.session = tls
      ? http2.connect(`https://${address}`, {
          ca: tls.ca,
          key: tls.key,
          cert: tls.cert,
          servername: 'localhost',
        })
      : http2.connect(`http://${address}`);
    this.session.on('error', () => undefined);
  }

  unary(path: string, message: Uint8Array): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const frame = Buffer.allocUnsafe(5 + message.length);
      frame[0] = 0;
      frame.writeUInt32BE(message.length, 1);
      frame.set(message, 5);
      const stream = this.session.request({
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc',
        te: 'trailers',
      });
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('trailers', (trailers) => {
        const status = Number(trailers['grpc-status']);
        if (status !== 0) reject(new Error(`grpc-status ${status}: ${trailers['grpc-message']}`));
      });
      stream.on('end', () => resolve(Buffer.concat(chunks).subarray(5)));
      stream.on('error', reject);
      stream.end(frame);
    });
  }

  close(): void {
    this.session.close();
  }
}
