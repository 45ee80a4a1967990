// FTP plumbing for ftp-store.ts: a small pool of basic-ftp clients (one client runs one command at a
// time, so parallel uploads need several connections) and data transfers in passive mode (basic-ftp's
// own) or active mode (PORT/EPRT, which basic-ftp lacks: we listen, the server connects to us).
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, FTPError, type AccessOptions, type FTPResponse } from 'basic-ftp';
import { cancelledError } from './remote-common.js';

export interface FtpConnectOptions extends AccessOptions {
  /** Active mode (FEED_STORAGE_FTP_ACTIVE): the server opens the data connections to us. */
  active: boolean;
  timeoutMs: number;
}

export class FtpPool {
  private readonly idle: Client[] = [];
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly options: FtpConnectOptions,
    readonly size = 4,
  ) {}

  /** Runs fn with a connected client; a client that failed is closed rather than reused. */
  async use<T>(fn: (client: Client) => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.slot(signal);
    let client: Client | undefined;
    let healthy = false;
    const onAbort = (): void => client?.close();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      client = this.idle.pop() ?? (await this.connect());
      if (signal?.aborted) throw cancelledError();
      const result = await fn(client);
      healthy = true;
      return result;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (client) {
        if (healthy && !client.closed && !this.closed) this.idle.push(client);
        else client.close();
      }
      this.active--;
      this.waiters.shift()?.();
    }
  }

  async connect(): Promise<Client> {
    const client = new Client(this.options.timeoutMs);
    try {
      await client.access(this.options);
      await client.send('TYPE I');
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  close(): void {
    this.closed = true;
    for (const client of this.idle.splice(0)) client.close();
  }

  private async slot(signal?: AbortSignal): Promise<void> {
    while (this.active >= this.size) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const at = this.waiters.indexOf(wake);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(cancelledError());
        };
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        if (signal?.aborted) return reject(cancelledError());
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(wake);
      });
    }
    this.active++;
  }
}

/** STOR source to remotePath, in passive or active mode. */
export async function uploadTo(client: Client, source: Readable, remotePath: string, active: boolean): Promise<void> {
  if (!active) {
    await client.uploadFrom(source, remotePath);
    return;
  }
  await activeTransfer(client, `STOR ${remotePath}`, (socket) => pipeline(source, socket));
}

/** RETR remotePath into a sink, in passive or active mode. */
export async function downloadInto(client: Client, sink: Writable, remotePath: string, active: boolean): Promise<void> {
  if (!active) {
    await client.downloadTo(sink, remotePath);
    return;
  }
  await activeTransfer(client, `RETR ${remotePath}`, (socket) => pipeline(socket, sink));
}

/** A Writable that hands every chunk to a function (hashing, collecting a small file). */
export function sinkOf(onChunk: (chunk: Buffer) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      onChunk(chunk);
      callback();
    },
  });
}

async function activeTransfer(client: Client, command: string, onData: (socket: Socket) => Promise<void>): Promise<void> {
  const control = client.ftp.socket;
  const host = (control.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  try {
    const port = (server.address() as AddressInfo).port;
    const connected = new Promise<Socket>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('The FTP server did not open the active-mode data connection')), 30_000);
      server.once('connection', (socket: Socket) => {
        clearTimeout(timer);
        resolve(socket);
      });
    });
    connected.catch(() => undefined);
    if (host.includes(':')) await client.send(`EPRT |2|${host}|${port}|`);
    else await client.send(`PORT ${host.replace(/\./g, ',')},${port >> 8},${port & 255}`);

    let dataDone = false;
    let completion: FTPResponse | undefined;
    await client.ftp.handle(command, (res, task) => {
      if (res instanceof Error) {
        task.reject(res);
      } else if (res.code === 150 || res.code === 125) {
        connected.then(onData).then(
          () => {
            dataDone = true;
            if (completion) task.resolve(completion);
          },
          (error: unknown) => task.reject(error as Error),
        );
      } else if (res.code >= 200 && res.code < 300) {
        completion = res;
        if (dataDone) task.resolve(completion);
      } else if (res.code >= 400) {
        task.reject(new FTPError(res));
      }
    });
  } finally {
    server.close();
  }
}
