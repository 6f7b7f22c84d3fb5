import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { VigilError, userError } from '../core/errors.ts';
import {
  analystCalendar,
  checkRoster,
  erlangA,
  erlangAAgents,
  erlangC,
  erlangCAgents,
  forecastAlerts,
  nextChangeAfter,
  onDutyAt,
  parseCurtois,
  parseRosterText,
  planTeam,
  scoreRoster,
  solveRoster,
  teamCalendar,
  teamSpecSchema,
  withShrinkage,
  type HourlyObservation,
  type PublishedRoster,
  type StaffingConfig,
} from '../roster/index.ts';

/**
 * `vigil roster …`: thin wrappers over the roster engines. Every command prints one JSON document (iCal for
 * `roster ical`) through the command's output, so tests capture it with `configureOutput`.
 */
const number = (what: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${what} must be a number`);
  return n;
};

const count = (what: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a whole number of at least 1`);
  return n;
};

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw userError('file_unreadable', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** JSON or YAML, by extension (YAML is a superset of JSON, so anything else is read as YAML too). */
function readData(path: string): unknown {
  const text = readText(path);
  try {
    return path.endsWith('.json') ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (error) {
    throw userError('file_unparsable', `cannot parse ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** An hourly series as CSV: a header with `hour` and `alerts` (and optionally `handling_seconds`). */
export function parseHourlyCsv(text: string): HourlyObservation[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim().toLowerCase());
  const hourAt = header.indexOf('hour');
  const alertsAt = header.indexOf('alerts');
  const workAt = header.indexOf('handling_seconds');
  if (hourAt < 0 || alertsAt < 0) throw userError('forecast_bad_csv', 'the CSV needs a header with "hour" and "alerts" columns');
  return lines.map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const alerts = Number(cells[alertsAt]);
    if (!Number.isFinite(alerts) || alerts < 0) throw userError('forecast_bad_csv', `line ${i + 2}: alerts "${cells[alertsAt] ?? ''}" is not a count`);
    const work = workAt >= 0 ? Number(cells[workAt]) : Number.NaN;
    return Number.isFinite(work) ? { hour: cells[hourAt] ?? '', alerts, handlingSeconds: work } : { hour: cells[hourAt] ?? '', alerts };
  });
}

function print(command: Command, value: unknown): void {
  const output = command.configureOutput();
  const text = typeof value === 'string' ? value : `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
  if (output.writeOut === undefined) process.stdout.write(text);
  else output.writeOut(text);
}

/** Runs an action; user errors become a one-line message and exit code 1 (through commander, so tests can catch it). */
function guarded<A extends unknown[]>(action: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const command = args[args.length - 1] as Command;
    try {
      await action(...args);
    } catch (error) {
      if (error instanceof VigilError && error.kind === 'user') command.error(`error: ${error.message}`, { exitCode: 1, code: error.code });
      throw error;
    }
  };
}

export function registerRosterCommands(program: Command): Command {
  const roster = program.command('roster').description('forecast, staffing, rosters, coverage and fairness');

  roster
    .command('curtois <file>')
    .description('solve a Curtois & Qu benchmark instance (or score a given roster with --check)')
    .option('--time-limit <seconds>', 'solver time limit', number('time limit'), 60)
    .option('--seed <n>', 'random seed', number('seed'), 1)
    .option('--workers <n>', 'solver threads: the search, and annealers from its dive roster (default: two where there are the cores)', count('workers'))
    .option('--check <roster>', 'score and check this roster (one "ID: D . E …" line per employee) instead of solving')
    .option('--roster', 'include the roster in the output')
    .action(
      guarded(async (file: string, opts: { timeLimit: number; seed: number; workers?: number; check?: string; roster?: boolean }, command: Command) => {
        const problem = parseCurtois(readText(file), basename(file).replace(/\.txt$/, ''));
        if (opts.check !== undefined) {
          const given = parseRosterText(problem, readText(opts.check));
          const check = checkRoster(problem, given);
          print(command, { instance: problem.name, objective: scoreRoster(problem, given).total, score: scoreRoster(problem, given), feasible: check.feasible, violations: check.violations });
          return;
        }
        const r = await solveRoster(problem, { timeLimit: opts.timeLimit, seed: opts.seed, ...(opts.workers === undefined ? {} : { workers: opts.workers }) });
        print(command, {
          instance: problem.name,
          objective: r.objective,
          feasible: r.feasible,
          bound: r.bound,
          gap: r.gap,
          optimal: r.optimal,
          seconds: Number(r.seconds.toFixed(3)),
          score: r.score,
          violations: r.violations,
          ...(opts.roster === true ? { roster: r.roster.grid.map((row, e) => `${problem.staff[e]?.id ?? e}: ${row.map((s) => (s < 0 ? '.' : (problem.shifts[s]?.id ?? '?'))).join(' ')}`) } : {}),
        });
      }),
    );

  roster
    .command('erlang')
    .description('Erlang C (or A with --patience): service figures for given agents, or agents needed for a target')
    .requiredOption('--arrivals-per-hour <n>', 'alerts arriving per hour', number('arrivals'))
    .requiredOption('--handling-seconds <s>', 'mean handling time per alert', number('handling time'))
    .option('--agents <n>', 'evaluate this many agents', number('agents'))
    .option('--service-level <share>', 'target share picked up within --within', number('service level'))
    .option('--within <seconds>', 'target time', number('target time'))
    .option('--max-occupancy <share>', 'cap on agent occupancy', number('occupancy'))
    .option('--patience <seconds>', 'mean time before a waiting alert is abandoned (Erlang A)', number('patience'))
    .option('--shrinkage <share>', 'share of paid time off the queue', number('shrinkage'), 0)
    .action(
      guarded((opts: { arrivalsPerHour: number; handlingSeconds: number; agents?: number; serviceLevel?: number; within?: number; maxOccupancy?: number; patience?: number; shrinkage: number }, command: Command) => {
        const load = { arrivalsPerHour: opts.arrivalsPerHour, handlingSeconds: opts.handlingSeconds };
        const target = {
          ...(opts.serviceLevel === undefined ? {} : { serviceLevel: opts.serviceLevel }),
          ...(opts.within === undefined ? {} : { withinSeconds: opts.within }),
          ...(opts.maxOccupancy === undefined ? {} : { maxOccupancy: opts.maxOccupancy }),
        };
        const model = opts.patience === undefined ? 'erlang-c' : 'erlang-a';
        const result =
          opts.agents !== undefined
            ? opts.patience === undefined
              ? erlangC(load, opts.agents, opts.within)
              : erlangA(load, opts.agents, opts.patience, opts.within)
            : opts.patience === undefined
              ? erlangCAgents(load, target)
              : erlangAAgents(load, opts.patience, target);
        print(command, { model, ...result, rostered: withShrinkage(result.agents, opts.shrinkage), shrinkage: opts.shrinkage });
      }),
    );

  roster
    .command('forecast <csv>')
    .description('forecast alerts per hour for the coming weeks from an hourly CSV series (hour,alerts[,handling_seconds])')
    .requiredOption('--zone <iana>', 'time zone of the SOC, e.g. Europe/London')
    .option('--weeks <n>', 'weeks to forecast', number('weeks'), 4)
    .option('--country <code>', 'public holidays of this country')
    .option('--state <code>', 'and this state/region')
    .option('--holdout <weeks>', 'weeks held out to measure the error', number('holdout'))
    .option('--hours', 'include every forecast hour (default: the weekly shape and error only)')
    .action(
      guarded((csv: string, opts: { zone: string; weeks: number; country?: string; state?: string; holdout?: number; hours?: boolean }, command: Command) => {
        const f = forecastAlerts(parseHourlyCsv(readText(csv)), {
          zone: opts.zone,
          weeks: opts.weeks,
          holidays: opts.country === undefined ? null : { country: opts.country, state: opts.state },
          ...(opts.holdout === undefined ? {} : { holdoutWeeks: opts.holdout }),
        });
        const { hours, ...rest } = f;
        print(command, { ...rest, hourCount: hours.length, totalAlerts: hours.reduce((a, h) => a + h.alerts, 0), ...(opts.hours === true ? { hours } : {}) });
      }),
    );

  roster
    .command('plan <spec>')
    .description('build a roster for a team (JSON/YAML spec); prints the roster, coverage gaps and fairness')
    .option('--time-limit <seconds>', 'solver time limit', number('time limit'), 30)
    .option('--seed <n>', 'random seed', number('seed'), 1)
    .option('--workers <n>', 'solver threads: the search, and annealers from its dive roster (default: two where there are the cores)', count('workers'))
    .option('--forecast <csv>', 'hourly alert series to forecast from (needs --staffing)')
    .option('--staffing <file>', 'staffing configuration (tiers with share, handling time, target; interval shrinkage)')
    .option('--hours', 'include the hourly coverage table')
    .action(
      guarded(async (specFile: string, opts: { timeLimit: number; seed: number; workers?: number; forecast?: string; staffing?: string; hours?: boolean }, command: Command) => {
        const parsed = teamSpecSchema.safeParse(readData(specFile));
        if (!parsed.success) throw userError('roster_bad_spec', `${specFile}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        const spec = parsed.data;
        let staffing: { hours: { start: string; alerts: number }[]; config: StaffingConfig } | undefined;
        if (opts.forecast !== undefined || opts.staffing !== undefined) {
          if (opts.forecast === undefined || opts.staffing === undefined) throw userError('roster_bad_options', '--forecast and --staffing go together');
          const f = forecastAlerts(parseHourlyCsv(readText(opts.forecast)), { zone: spec.zone, weeks: spec.weeks + 1, holidays: spec.holidays, from: `${spec.start}T00:00:00` });
          staffing = { hours: f.hours.map((h) => ({ start: h.start, alerts: h.alerts })), config: readData(opts.staffing) as StaffingConfig };
        }
        const result = await planTeam(spec, { timeLimit: opts.timeLimit, seed: opts.seed, ...(opts.workers === undefined ? {} : { workers: opts.workers }), ...(staffing === undefined ? {} : { staffing }) });
        const { hours: _hours, ...coverage } = result.coverage;
        print(command, {
          team: spec.name,
          objective: result.solve.objective,
          bound: result.solve.bound,
          gap: result.solve.gap,
          feasible: result.solve.feasible,
          violations: result.solve.violations,
          seconds: Number(result.solve.seconds.toFixed(3)),
          score: result.solve.score,
          roster: result.roster,
          coverage: opts.hours === true ? result.coverage : coverage,
          fairness: result.fairness,
          published: result.published,
        });
      }),
    );

  roster
    .command('ical <roster>')
    .description('iCalendar feed (RFC 5545) of a published roster: the team, or one analyst')
    .option('--analyst <id>', 'only this analyst')
    .action(
      guarded((file: string, opts: { analyst?: string }, command: Command) => {
        const published = publishedFrom(readData(file), file);
        print(command, opts.analyst === undefined ? teamCalendar(published) : analystCalendar(published, opts.analyst));
      }),
    );

  roster
    .command('on-duty <roster>')
    .description('who is on duty at a time (default now), and when that next changes')
    .option('--at <time>', 'ISO time')
    .action(
      guarded((file: string, opts: { at?: string }, command: Command) => {
        const published = publishedFrom(readData(file), file);
        const at = opts.at ?? new Date().toISOString();
        print(command, { at, onDuty: onDutyAt(published, at), nextChange: nextChangeAfter(published, at) });
      }),
    );

  return roster;
}

/** A published roster, or the output of `roster plan` (which holds one under `published`). */
function publishedFrom(data: unknown, file: string): PublishedRoster {
  const candidate = typeof data === 'object' && data !== null && 'published' in data ? data.published : data;
  if (typeof candidate !== 'object' || candidate === null || !Array.isArray((candidate as { assignments?: unknown }).assignments)) {
    throw userError('roster_bad_file', `${file}: not a published roster (no "assignments")`);
  }
  return candidate as PublishedRoster;
}
