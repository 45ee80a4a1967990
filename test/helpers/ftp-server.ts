// Real FTP servers for tests, on 127.0.0.1: ftp-srv (in process, port 0, a temp root, passive ports from
// a random range, anonymous and user/password logins) and, where Debian's vsftpd is installed, vsftpd
// (anonymous, in the foreground, as a child process).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FtpSrv } from 'ftp-srv';

export const VSFTPD = '/usr/sbin/vsftpd';
export const FTP_USER = 'gleaner';
export const FTP_PASSWORD = 's3cret-Pa55word';

export interface FtpTestServer {
  kind: 'ftp-srv' | 'vsftpd';
  port: number;
  /** Local folder that the FTP path "/" maps to (for the logins this server offers). */
  root: string;
  /** A folder under the FTP root that the server lets us write to ('' for ftp-srv, '/pub' for vsftpd). */
  writable: string;
  /** Every command line the server received (ftp-srv only). */
  commands: string[];
  /** Whether user/password logins work (ftp-srv) or only anonymous (vsftpd). */
  userLogin: boolean;
  /** Most control connections open at once (ftp-srv only; 0 for vsftpd). */
  peakConnections(): number;
  /** Store URI for a folder, anonymous unless credentials are given. */
  uri(folder: string, credentials?: { user: string; password: string }): string;
  /** The local file that holds a remote path. */
  localPath(remote: string): string;
  /** Stops the server at once, dropping every connection. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

function randomPasvRange(): [number, number] {
  const min = 30000 + Math.floor(Math.random() * 300) * 100;
  return [min, min + 99];
}

const quietLog = {
  child: () => quietLog,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
};

export async function startFtpSrv(): Promise<FtpTestServer> {
  const root = await mkdtemp(path.join(tmpdir(), 'gleaner-ftp-'));
  const [pasvMin, pasvMax] = randomPasvRange();
  const server = new FtpSrv({
    url: 'ftp://127.0.0.1:0',
    pasv_url: '127.0.0.1',
    pasv_min: pasvMin,
    pasv_max: pasvMax,
    anonymous: true,
    log: quietLog as never,
  });
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  server.on('login', ({ username, password }, resolve, reject) => {
    if (username === 'anonymous' || (username === FTP_USER && password === FTP_PASSWORD)) resolve({ root });
    else reject(new Error('Login incorrect'));
  });
  server.on('client-error', () => undefined);
  const raw = (server as unknown as { server: import('node:net').Server }).server;
  let peak = 0;
  raw.on('connection', (socket: Socket) => {
    sockets.add(socket);
    peak = Math.max(peak, sockets.size);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (data: Buffer) => {
      for (const line of data.toString('latin1').split('\r\n')) if (line) commands.push(line.startsWith('PASS ') ? 'PASS ***' : line);
    });
  });
  await server.listen();
  const port = (raw.address() as AddressInfo).port;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const socket of sockets) socket.destroy();
    await server.close();
  };
  return {
    kind: 'ftp-srv',
    port,
    root,
    writable: '',
    commands,
    userLogin: true,
    peakConnections: () => peak,
    uri(folder, credentials) {
      const auth = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@` : '';
      return `ftp://${auth}127.0.0.1:${port}${folder}`;
    },
    localPath: (remote) => path.join(root, ...remote.split('/').filter(Boolean)),
    stop,
    async close() {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vsftpd exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('vsftpd did not start');
}

export function hasVsftpd(): boolean {
  return existsSync(VSFTPD);
}

/** vsftpd with anonymous access: FTP "/" is a read-only root, "/pub" is writable by the ftp user. */
export async function startVsftpd(): Promise<FtpTestServer> {
  const base = await mkdtemp(path.join(tmpdir(), 'gleaner-vsftpd-'));
  const root = path.join(base, 'root');
  const empty = path.join(base, 'empty');
  await mkdir(path.join(root, 'pub'), { recursive: true, mode: 0o755 });
  await mkdir(empty, { mode: 0o755 });
  await chown(path.join(root, 'pub'), 102, 109).catch(() => undefined);
  const port = await freePort();
  const [pasvMin, pasvMax] = randomPasvRange();
  const conf = path.join(base, 'vsftpd.conf');
  await writeFile(conf, [
    'listen=YES', 'listen_ipv6=NO', 'listen_address=127.0.0.1', `listen_port=${port}`, 'background=NO',
    'seccomp_sandbox=NO', 'anonymous_enable=YES', 'local_enable=NO', 'write_enable=YES', `anon_root=${root}`,
    'anon_upload_enable=YES', 'anon_mkdir_write_enable=YES', 'anon_other_write_enable=YES', 'anon_umask=022',
    'no_anon_password=YES', 'pasv_enable=YES', `pasv_min_port=${pasvMin}`, `pasv_max_port=${pasvMax}`,
    'pasv_address=127.0.0.1', 'connect_from_port_20=NO', 'port_enable=YES', `secure_chroot_dir=${empty}`,
    'xferlog_enable=NO', 'dirmessage_enable=NO', 'use_localtime=NO', 'ftp_username=ftp', 'max_per_ip=0', 'max_clients=0', '',
  ].join('\n'));
  const child = spawn(VSFTPD, [conf], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  await waitForPort(port, child, Date.now() + 10_000);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // vsftpd forks a process per session: end the whole process group we started.
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  };
  return {
    kind: 'vsftpd',
    port,
    root,
    writable: '/pub',
    commands: [],
    userLogin: false,
    peakConnections: () => 0,
    uri: (folder) => `ftp://127.0.0.1:${port}${folder}`,
    localPath: (remote) => path.join(root, ...remote.split('/').filter(Boolean)),
    stop,
    async close() {
      await stop();
      await rm(base, { recursive: true, force: true });
    },
  };
}
