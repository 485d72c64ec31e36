// Scenario 11: the database over a Unix socket instead of TCP on loopback. A second Keyfront is
// started on the same database with the socket form of its URL; GET /V1/customers/me is driven
// on each in turn (TCP, socket, socket, TCP: drift on a shared machine falls on both alike), and
// req/s, p99 and Keyfront's CPU per request are reported for both, with the database server's CPU
// per request as a note (all its processes: other work on the same server counts too).
import { readdirSync, readFileSync } from 'node:fs';
import type { Backend } from './database.ts';
import { load, type LoadResult } from './load.ts';
import { cpuMs, startKeyfront, type Running } from './processes.ts';

export interface SocketBench {
  backend: Backend;
  /** The bench database's TCP URL. */
  databaseUrl: string;
  /** The Keyfront already running on `databaseUrl` (TCP). */
  tcp: Running;
  customerToken: string;
  seconds: number;
  connections: number;
}

export interface SocketRow {
  scenario: string;
  name: string;
  result?: LoadResult;
  cpuUs?: number;
  notes: string[];
}

/** The socket form of a TCP database URL, asking the server where its socket is. */
export async function socketUrlOf(backend: Backend, tcpUrl: string): Promise<string> {
  const u = new URL(tcpUrl);
  const database = u.pathname.slice(1);
  if (backend === 'postgres') {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: tcpUrl });
    await client.connect();
    try {
      const { rows } = await client.query("select split_part(current_setting('unix_socket_directories'), ',', 1) as dir, current_setting('port') as port");
      const credentials = u.password ? `${u.username}:${u.password}` : u.username;
      return `postgresql://${credentials}@${encodeURIComponent(rows[0].dir.trim())}:${rows[0].port}/${database}`;
    } finally {
      await client.end();
    }
  }
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection(tcpUrl);
  try {
    const [rows] = (await connection.query('select @@socket as socket')) as unknown as [{ socket: string }[]];
    const credentials = u.password ? `${u.username}:${u.password}` : u.username;
    return `mysql://${credentials}@localhost/${database}?socketPath=${rows[0].socket}`;
  } finally {
    await connection.end();
  }
}

/** CPU (ms) used so far by every process whose command name is one of `names` (Linux /proc). */
function processesCpuMs(names: string[]): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (names.includes(comm)) total += cpuMs(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return total;
}

export async function socketScenarios(s: SocketBench): Promise<SocketRow[]> {
  if (s.backend === 'sqlite') return [{ scenario: '11', name: 'database over a Unix socket', notes: ['skipped: SQLite is a file, no connection'] }];
  const serverProcesses = s.backend === 'postgres' ? ['postgres'] : ['mariadbd', 'mysqld'];
  const socketUrl = await socketUrlOf(s.backend, s.databaseUrl);
  const socket = await startKeyfront(socketUrl);
  try {
    const headers = { authorization: `Bearer ${s.customerToken}` };
    const targets = { tcp: s.tcp, socket };
    const runs: Record<'tcp' | 'socket', Array<{ result: LoadResult; cpuUs: number; dbCpuUs: number }>> = { tcp: [], socket: [] };
    const me = (k: Running) => `${k.url}/rest/default/V1/customers/me`;
    await load({ url: me(socket), seconds: Math.min(1, s.seconds), connections: s.connections, headers }); // warm the new one
    for (const which of ['tcp', 'socket', 'socket', 'tcp'] as const) {
      const pid = targets[which].child.pid!;
      const before = cpuMs(pid);
      const dbBefore = processesCpuMs(serverProcesses);
      const result = await load({ url: me(targets[which]), seconds: s.seconds, connections: s.connections, headers });
      const requests = Math.max(1, result.requests);
      runs[which].push({ result, cpuUs: ((cpuMs(pid) - before) * 1000) / requests, dbCpuUs: ((processesCpuMs(serverProcesses) - dbBefore) * 1000) / requests });
    }
    const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
    const row = (which: 'tcp' | 'socket', name: string): SocketRow => {
      const r = runs[which];
      const result: LoadResult = {
        rps: mean(r.map((x) => x.result.rps)),
        p50: mean(r.map((x) => x.result.p50)),
        p99: Math.max(...r.map((x) => x.result.p99)),
        requests: r.reduce((a, x) => a + x.result.requests, 0),
        non2xx: r.reduce((a, x) => a + x.result.non2xx, 0),
        errors: r.reduce((a, x) => a + x.result.errors, 0),
      };
      const notes = [
        `runs ${r.map((x) => x.result.rps.toFixed(0)).join(' / ')} req/s`,
        `database server CPU ${mean(r.map((x) => x.dbCpuUs)).toFixed(0)} us/req (all its processes)`,
      ];
      if (result.non2xx || result.errors) notes.push(`${result.non2xx} non-2xx, ${result.errors} errors`);
      return { scenario: which === 'tcp' ? '11a' : '11b', name, result, cpuUs: mean(r.map((x) => x.cpuUs)), notes };
    };
    const tcpRow = row('tcp', 'GET /V1/customers/me, database over TCP (127.0.0.1)');
    const socketRow = row('socket', `GET /V1/customers/me, database over a Unix socket`);
    socketRow.notes.unshift(`${(socketRow.result!.rps / tcpRow.result!.rps).toFixed(2)}x TCP req/s, ${(socketRow.cpuUs! / tcpRow.cpuUs!).toFixed(2)}x TCP CPU/req`);
    return [tcpRow, socketRow];
  } finally {
    await socket.stop();
  }
}
