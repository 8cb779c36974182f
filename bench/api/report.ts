import { cpus, loadavg, totalmem } from 'node:os';
import { renderTable } from '../report-format.js';
import { P99_GOAL_MS, type CaseRow, type RoundFigures, type Settings } from './cases.js';

const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (v: number) => (v >= 100 ? n0(v) : v.toFixed(1));
const ratio = (v: number) => (v >= 0.1 ? v.toFixed(2) : v.toFixed(3));

export function machineLine(): string {
  const cpu = cpus();
  return `machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}`;
}

export const loadLine = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`;

/** `server / chain / PostgreSQL / load generator`, each in % of one core over the case. */
function cpuText(cpu: Record<string, number>, server: 'bare' | 'service'): string {
  const pct = (v: number | undefined) => (v === undefined ? '-' : n0(v));
  return `${pct(cpu[server])} / ${pct(cpu.chain)} / ${pct(cpu.postgres)} / ${pct(cpu.bench)}`;
}

/** The case's rate over the bare route's run just before it. */
const bareRatio = (row: CaseRow): number | null =>
  row.bare && row.bare.perSecond > 0 ? row.figures.perSecond / row.bare.perSecond : null;

function goal(row: CaseRow): { text: string; met: boolean } {
  const p99Met = row.figures.p99 < P99_GOAL_MS;
  if (row.minRatio === null) return { text: `p99 < ${P99_GOAL_MS} ms`, met: p99Met };
  const rateMet = (bareRatio(row) ?? 0) >= row.minRatio;
  return { text: `>= ${row.minRatio}x, p99 < ${P99_GOAL_MS} ms`, met: rateMet && p99Met };
}

export interface Report {
  settings: Settings;
  delegations: number;
  rows: CaseRow[];
  round: RoundFigures | null;
  serviceRssBytes: number | null;
  notes: string[];
}

export function renderReport(r: Report): string {
  const table = renderTable(
    [
      'case',
      'rate',
      'unit',
      'bare before',
      'x bare',
      'p50 ms',
      'p99 ms',
      'max ms',
      'B/answer',
      'expected',
      'other',
      'CPU %',
      'goal',
      'met',
    ],
    r.rows.map((row) => {
      const g = goal(row);
      const f = row.figures;
      const x = bareRatio(row);
      return [
        row.name,
        n0(f.perSecond),
        row.unit,
        row.bare ? n0(row.bare.perSecond) : '-',
        x === null ? (row.minRatio === null ? '1.00' : '-') : ratio(x),
        ms(f.p50),
        ms(f.p99),
        ms(f.max),
        n0(f.bytesPerAnswer),
        n0(f.expected),
        n0(f.other),
        cpuText(f.cpu, row.minRatio === null ? 'bare' : 'service'),
        g.text,
        g.met ? 'met' : 'MISSED',
      ];
    }),
  );
  const lines = [
    '',
    `API under load: autocannon, ${r.settings.connections} connections, ${r.settings.seconds} s per case, against npm start ` +
      `(src/main/all.ts: API + workers in one process, the workers in their own thread, LOG_LEVEL=info, rate limits off) on the local Kusama Asset Hub, ` +
      `${n0(r.delegations)} active delegations; the bare route is a Fastify server (logger off) in its own process, ` +
      `run for ${r.settings.seconds} s just before each case: a case's ratio ("x bare") divides by that run ("bare before").`,
    '',
    table,
  ];
  if (r.round) {
    const f = r.round.load;
    const met = f.p99 < P99_GOAL_MS;
    lines.push(
      '',
      `During a round: admin dry run ${r.round.roundId} over ${n0(r.round.delegators)} active delegations, ${r.round.status} in ` +
        `${(r.round.wallMs / 1000).toFixed(1)} s from the POST (the service's record, created to planned: ` +
        `${r.round.plannedMs === null ? 'n/a' : `${(r.round.plannedMs / 1000).toFixed(1)} s`}; ${r.round.blocksBuilt} block(s) built for its seed).`,
      renderTable(
        ['case', 'rate', 'unit', 'p50 ms', 'p99 ms', 'max ms', 'expected', 'other', 'CPU %', 'goal', 'met'],
        [
          [
            'GET status + candidates while the round is built',
            n0(f.perSecond),
            'req/s',
            ms(f.p50),
            ms(f.p99),
            ms(f.max),
            n0(f.expected),
            n0(f.other),
            cpuText(f.cpu, 'service'),
            `p99 < ${P99_GOAL_MS} ms`,
            met ? 'met' : 'MISSED',
          ],
        ],
      ),
    );
  }
  const statusNotes = r.rows
    .filter((row) => row.figures.other > 0)
    .map(
      (row) =>
        `${row.name}: statuses ${Object.entries(row.figures.statuses)
          .map(([code, count]) => `${code} × ${n0(count)}`)
          .join(', ')} (other = answers of another status, and socket errors)`,
    );
  lines.push(
    '',
    'Notes',
    ...[
      machineLine(),
      `${loadLine()} at the end (timings are wall-clock; the load generator runs in the benchmark's process and takes about one core)`,
      `CPU % = the server (the bare route, or the service: its API and workers threads together) / the local chain (Chopsticks) / PostgreSQL (every process of this machine named postgres: the service's connections, and any other) / the benchmark (autocannon), each in % of one core over the case, from /proc; ${cpus().length} cores make ${cpus().length * 100}`,
      `service RSS after the run: ${r.serviceRssBytes === null ? 'n/a' : `${n0(r.serviceRssBytes / 2 ** 20)} MB`}`,
      ...statusNotes,
      ...r.notes,
    ].map((n) => `- ${n}`),
  );
  return `${lines.join('\n')}\n`;
}
