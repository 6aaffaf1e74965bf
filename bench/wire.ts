// A lean AWS JSON 1.1 client for load: HTTP/1.1 POSTs written and read by hand over keep-alive
// connections, so that the load generator takes as little of the shared CPU as it can (a passkey
// sign-in's two calls cost it 305–352 µs with node:http's client, 165–214 with this; the AWS SDK
// costs far more).
import net from 'node:net';

export class WireError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(`${type}: ${message}`);
  }
}

interface Answer {
  status: number;
  body: string;
  /** The bytes the answer took, head and body. */
  length: number;
  /** Whether the server closes the connection after it. */
  closes: boolean;
}

/** The first whole answer in `bytes`, or undefined while it has not all arrived. */
export function parseAnswer(bytes: Buffer): Answer | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = bytes.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const closes = /\r\nconnection: *close/i.test(head);
  const sized = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (sized) {
    const end = headEnd + 4 + Number(sized[1]);
    return bytes.length < end ? undefined : { status, body: bytes.toString('utf8', headEnd + 4, end), length: end, closes };
  }
  if (!/\r\ntransfer-encoding: *chunked/i.test(head)) throw new Error(`an answer with neither a length nor chunks: ${head.split('\r\n')[0]}`);
  const chunks: Buffer[] = [];
  for (let at = headEnd + 4; ; ) {
    const sizeEnd = bytes.indexOf('\r\n', at);
    if (sizeEnd < 0) return undefined;
    const size = parseInt(bytes.toString('latin1', at, sizeEnd), 16);
    const dataEnd = sizeEnd + 2 + size;
    if (bytes.length < dataEnd + 2) return undefined;
    if (size === 0) return { status, body: Buffer.concat(chunks).toString('utf8'), length: dataEnd + 2, closes };
    chunks.push(bytes.subarray(sizeEnd + 2, dataEnd));
    at = dataEnd + 2;
  }
}

/** One keep-alive connection, one request at a time. */
class Connection {
  private readonly socket: net.Socket;
  private received: Buffer = Buffer.alloc(0);
  private waiting?: { resolve: (answer: Answer) => void; reject: (error: Error) => void };
  /** Why it can take no more requests, once it cannot. */
  broken?: Error;

  constructor(host: string, port: number) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  send(request: string): Promise<Answer> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(request);
    });
  }

  private receive(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    let answer: Answer | undefined;
    try {
      answer = parseAnswer(this.received);
    } catch (error) {
      return this.fail(error as Error);
    }
    if (!answer) return;
    this.received = this.received.subarray(answer.length);
    if (answer.closes) this.broken = new Error('the server closes the connection');
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(answer);
  }

  private fail(error: Error): void {
    this.broken ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }

  close(): void {
    this.broken ??= new Error('closed');
    this.socket.destroy();
  }
}

export class Wire {
  private readonly host: string;
  private readonly port: number;
  private readonly open = new Set<Connection>();
  private readonly idle: Connection[] = [];
  private readonly queued: ((connection: Connection) => void)[] = [];

  constructor(
    url: string,
    private readonly connections: number,
  ) {
    const target = new URL(url);
    this.host = target.hostname;
    this.port = Number(target.port || 80);
  }

  async call<T = Record<string, unknown>>(operation: string, input: unknown): Promise<T> {
    const body = JSON.stringify(input);
    const request =
      `POST / HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nContent-Type: application/x-amz-json-1.1\r\n` +
      `X-Amz-Target: AWSCognitoIdentityProviderService.${operation}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const connection = await this.acquire();
    let answer: Answer;
    try {
      answer = await connection.send(request);
    } finally {
      this.release(connection);
    }
    const parsed = answer.body ? (JSON.parse(answer.body) as Record<string, unknown>) : {};
    if (answer.status === 200) return parsed as T;
    throw new WireError(String(parsed.__type ?? answer.status), String(parsed.message ?? answer.body));
  }

  private acquire(): Promise<Connection> {
    for (let idle = this.idle.pop(); idle; idle = this.idle.pop()) {
      if (!idle.broken) return Promise.resolve(idle);
      this.discard(idle);
    }
    if (this.open.size < this.connections) return Promise.resolve(this.connect());
    return new Promise((resolve) => this.queued.push(resolve));
  }

  private release(connection: Connection): void {
    if (connection.broken) this.discard(connection);
    const next = this.queued.shift();
    if (next) next(connection.broken ? this.connect() : connection);
    else if (!connection.broken) this.idle.push(connection);
  }

  private connect(): Connection {
    const connection = new Connection(this.host, this.port);
    this.open.add(connection);
    return connection;
  }

  private discard(connection: Connection): void {
    connection.close();
    this.open.delete(connection);
  }

  close(): void {
    for (const connection of this.open) connection.close();
    this.open.clear();
    this.idle.length = 0;
  }
}

/** Headers of an AWS JSON call, for autocannon. */
export const jsonHeaders = (operation: string): Record<string, string> => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
});
