// Scenario 10: GET /V1/customers/me on the bench's one-process Keyfront against a second Keyfront
// started with --workers=2 on the same database, one after the other (one, two, one again: the
// one-process figure is the mean of its two runs, so drift on a shared machine falls on both
// sides). CPU per request sums every process of the server: a cluster's primary (it accepts the
// connections) and its workers, read from /proc (the primary's children).
import { childrenOf } from '../test/helpers/processes.ts';
import { load, type LoadResult } from './load.ts';
import { cpuMs, rssMb, startKeyfront, type Running } from './processes.ts';

export interface WorkersRow {
  scenario: string;
  name: string;
  result: LoadResult;
  cpuUs: number;
  notes: string[];
}

/** The load's result and CPU µs per request: summed over `pids`, and the first pid's own share. */
async function measure(pids: number[], run: () => Promise<LoadResult>): Promise<{ result: LoadResult; cpuUs: number; firstCpuUs: number }> {
  const before = pids.map(cpuMs);
  const result = await run();
  const used = pids.map((pid, i) => ((cpuMs(pid) - before[i]) * 1000) / Math.max(1, result.requests));
  return { result, cpuUs: used.reduce((a, b) => a + b, 0), firstCpuUs: used[0] };
}

export async function workersScenario(options: {
  databaseUrl: string;
  /** The bench's Keyfront: one process. */
  single: Running;
  customerToken: string;
  seconds: number;
  connections: number;
}): Promise<{ rows: WorkersRow[]; figures: Record<string, number> }> {
  const { seconds, connections } = options;
  const headers = { authorization: `Bearer ${options.customerToken}` };
  const me = (k: Running) => () => load({ url: `${k.url}/rest/default/V1/customers/me`, seconds, connections, headers });
  const cluster = await startKeyfront(options.databaseUrl, ['--workers=2']);
  try {
    const primary = cluster.child.pid!;
    const workers = childrenOf(primary);
    if (workers.length !== 2) throw new Error(`--workers=2 started ${workers.length} workers`);
    await load({ url: `${cluster.url}/rest/default/V1/customers/me`, seconds: Math.min(1, seconds), connections, headers }); // warm both workers
    const oneA = await measure([options.single.child.pid!], me(options.single));
    const two = await measure([primary, ...workers], me(cluster));
    const oneB = await measure([options.single.child.pid!], me(options.single));
    const one = { rps: (oneA.result.rps + oneB.result.rps) / 2, cpuUs: (oneA.cpuUs + oneB.cpuUs) / 2 };
    const cpuRatio = two.cpuUs / one.cpuUs;
    const rss = [primary, ...workers].map(rssMb);
    const notes = [
      `one process ${one.rps.toFixed(0)} req/s, ${one.cpuUs.toFixed(0)} us CPU/req (mean of a run before and after)`,
      `-> ${(two.result.rps / one.rps).toFixed(2)}x req/s; CPU/req ${cpuRatio.toFixed(2)}x of one process (the primary's share ${two.firstCpuUs.toFixed(1)} us)`,
      `8 cores for Keyfront alone would serve about ${((8 * 1e6) / two.cpuUs).toFixed(0)} req/s at this CPU/req`,
      `RSS primary ${rss[0]} MB, workers ${rss.slice(1).join(' / ')} MB (one process ${rssMb(options.single.child.pid!)} MB)`,
    ];
    return {
      rows: [{ scenario: '10', name: 'GET /V1/customers/me, --workers=2 vs 1 on one database', result: two.result, cpuUs: two.cpuUs, notes }],
      figures: { oneProcessRps: one.rps, oneProcessCpuUs: one.cpuUs, twoWorkersRps: two.result.rps, twoWorkersCpuUs: two.cpuUs, cpuRatio },
    };
  } finally {
    await cluster.stop();
  }
}
