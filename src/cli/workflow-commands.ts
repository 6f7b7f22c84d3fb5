import type { Command } from 'commander';
import { userError } from '../core/errors.ts';
import { VERDICTS, type Verdict } from '../core/verdict.ts';
import { prefixedId } from '../core/ids.ts';
import { computeCoreFigures } from '../metrics/core-figures.ts';
import { computeFigureSeries } from '../metrics/figure-series.ts';
import { TIERS, type Tier } from '../workflow/incident.ts';
import type { ActionContext } from '../workflow/incident-service.ts';
import type { Vigil } from '../vigil.ts';
import { printJson, withVigil, type GlobalOptions } from './open-vigil.ts';

interface TenantOptions extends GlobalOptions {
  readonly tenant: string;
}

const common = (command: Command) =>
  command
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--config <file>', 'config file')
    .option('--database <url>', 'SQLite file path or postgres:// URL; also VIGIL_DATABASE_URL');

const time = (value: string): number => {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw userError('bad_time', `"${value}" is not an ISO 8601 time`);
  return ms;
};

/** The user a command acts as (`--as EMAIL`), with their role in the tenant, for the timeline. */
async function actingAs(vigil: Vigil, tenantId: string, email: string): Promise<ActionContext> {
  const user = await vigil.store.identities.findUserByEmail(email);
  if (user === undefined) throw userError('unknown_user', `no user ${email}`);
  const principal = await vigil.authenticator.userPrincipal(user.id);
  const role = principal.roles.get(tenantId);
  if (role === undefined) throw userError('not_a_member', `${email} has no role in tenant ${tenantId}`);
  return { tenantId, principal, role };
}

export function registerWorkflowCommands(program: Command): void {
  common(program.command('incidents').description('list incidents (open ones unless --status is given)'))
    .option('--status <list>', 'comma-separated: new,acknowledged,in_progress,resolved')
    .option('--tier <list>', 'comma-separated: t1,t2,t3,mssp')
    .option('--limit <n>', 'how many', (v) => Number(v), 50)
    .action(async (options: TenantOptions & { status?: string; tier?: string; limit: number }) => {
      const page = await withVigil(options, (vigil) =>
        vigil.store.incidents.list(
          options.tenant,
          {
            statuses: (options.status?.split(',') ?? ['new', 'acknowledged', 'in_progress']) as ('new' | 'acknowledged' | 'in_progress' | 'resolved')[],
            ...(options.tier === undefined ? {} : { tiers: options.tier.split(',') as Tier[] }),
          },
          options.limit,
        ),
      );
      printJson(page.items.map((i) => ({ number: `INC-${i.number}`, priority: i.priority, tier: i.tier, status: i.status, assignee: i.assigneeId, alerts: i.alertCount, title: i.title })));
    });

  const incident = program.command('incident').description('show or act on one incident (by number, INC-n or id)');
  common(incident.command('show').argument('<ref>'))
    .action(async (ref: string, options: TenantOptions) => {
      printJson(
        await withVigil(options, async (vigil) => {
          const found = await vigil.incidents.get(options.tenant, ref);
          return { incident: found, timeline: await vigil.store.timeline.forIncident(options.tenant, found.id) };
        }),
      );
    });
  const act = (name: string, description: string, run: (vigil: Vigil, ctx: ActionContext, ref: string, options: Record<string, string>) => Promise<unknown>) =>
    common(incident.command(name).description(description).argument('<ref>'))
      .requiredOption('--as <email>', 'the analyst acting (recorded on the timeline)')
      .option('--note <text>', 'note (required for escalate, close, contain, reopen)')
      .option('--verdict <verdict>', `close: ${VERDICTS.join(', ')}`)
      .option('--to-tier <tier>', `escalate: ${TIERS.join(', ')}`)
      .action(async (ref: string, options: TenantOptions & Record<string, string>) => {
        printJson(await withVigil(options, async (vigil) => run(vigil, await actingAs(vigil, options.tenant, options['as'] ?? ''), ref, options)));
      });
  const note = (o: Record<string, string>) => {
    const text = o['note'];
    if (text === undefined || text.trim() === '') throw userError('note_required', 'this action needs --note');
    return text;
  };
  act('ack', 'acknowledge', (v, c, r) => v.incidents.acknowledge(c, r));
  act('escalate', 'escalate to the next tier (or --to-tier)', (v, c, r, o) => v.incidents.escalate(c, r, note(o), o['toTier'] as Tier | undefined));
  act('comment', 'add a comment', (v, c, r, o) => v.incidents.comment(c, r, note(o)));
  act('contain', 'record a containment step', (v, c, r, o) => v.incidents.contain(c, r, note(o)));
  act('reopen', 'reopen a resolved incident', (v, c, r, o) => v.incidents.reopen(c, r, note(o)));
  act('close', 'close with a verdict and a note', (v, c, r, o) => {
    const verdict = o['verdict'];
    if (verdict === undefined || !(VERDICTS as readonly string[]).includes(verdict)) throw userError('bad_verdict', `--verdict must be one of ${VERDICTS.join(', ')}`);
    return v.incidents.close(c, r, verdict as Verdict, note(o));
  });

  const duty = program.command('duty').description('analysts and who is on duty');
  common(duty.command('analyst').description("set a user's analyst tier").requiredOption('--user <email>', 'user').requiredOption('--tier <tier>', TIERS.join(', ')).option('--skills <list>', 'comma-separated skills', ''))
    .action(async (options: TenantOptions & { user: string; tier: string; skills: string }) => {
      if (!(TIERS as readonly string[]).includes(options.tier)) throw userError('bad_tier', `--tier must be one of ${TIERS.join(', ')}`);
      await withVigil(options, async (vigil) => {
        const user = await vigil.store.identities.findUserByEmail(options.user);
        if (user === undefined) throw userError('unknown_user', `no user ${options.user}`);
        await vigil.store.duty.upsertAnalyst({ tenantId: options.tenant, userId: user.id, tier: options.tier as Tier, skills: options.skills.split(',').filter((s) => s !== '') }, Date.now());
      });
      printJson({ user: options.user, tier: options.tier });
    });
  common(duty.command('add').description('put an analyst on duty').requiredOption('--user <email>', 'user').requiredOption('--from <time>', 'ISO 8601').requiredOption('--to <time>', 'ISO 8601'))
    .action(async (options: TenantOptions & { user: string; from: string; to: string }) => {
      const shift = await withVigil(options, async (vigil) => {
        const user = await vigil.store.identities.findUserByEmail(options.user);
        if (user === undefined) throw userError('unknown_user', `no user ${options.user}`);
        const s = { id: prefixedId('sft'), tenantId: options.tenant, userId: user.id, startsAt: time(options.from), endsAt: time(options.to), source: 'manual' };
        if (s.endsAt <= s.startsAt) throw userError('bad_shift', 'a shift must end after it starts');
        await vigil.store.duty.addShift(s);
        return s;
      });
      printJson(shift);
    });
  common(duty.command('now').description('who is on duty now (or --at)').option('--at <time>', 'ISO 8601'))
    .action(async (options: TenantOptions & { at?: string }) => {
      printJson(await withVigil(options, (vigil) => vigil.onDuty.onDuty(options.tenant, options.at === undefined ? Date.now() : time(options.at))));
    });

  common(program.command('metrics').description('MTTD, time to ingest, MTTA, MTTC, MTTR, false-positive rate, SLA compliance per hour band and tier'))
    .option('--from <time>', 'ISO 8601 (default: 30 days ago)')
    .option('--to <time>', 'ISO 8601 (default: now)')
    .option('--series <bucket>', 'day or week: the figures per bucket instead')
    .option('--ai', 'AI triage accuracy instead: agreement, precision/recall, overrides, calibration, quality review, trust')
    .action(async (options: TenantOptions & { from?: string; to?: string; series?: string; ai?: boolean }) => {
      const to = options.to === undefined ? Date.now() : time(options.to);
      const from = options.from === undefined ? to - 30 * 24 * 3_600_000 : time(options.from);
      if (from >= to) throw userError('bad_time_range', '--from must be before --to');
      printJson(
        await withVigil(options, async (vigil) => {
          const ctx = await vigil.contexts.get(options.tenant);
          if (options.ai === true) {
            return {
              accuracy: await vigil.triage.accuracy(options.tenant, from, to),
              qualityReview: await vigil.triage.qualityReview(options.tenant),
              decisions: await vigil.store.triage.tally(options.tenant, from, to),
              trust: await vigil.triage.trust(ctx),
            };
          }
          if (options.series === 'day' || options.series === 'week') return computeFigureSeries(vigil.store, options.tenant, ctx.calendar, from, to, options.series);
          if (options.series !== undefined) throw userError('bad_series', '--series must be day or week');
          return computeCoreFigures(vigil.store, options.tenant, ctx.calendar, from, to);
        }),
      );
    });
}
