import { userError } from '../core/errors.ts';
import { OFF, type Roster, type RosterProblem, type ShiftRequest, type StaffMember } from './roster-problem.ts';

/**
 * Importer for the Curtois & Qu nurse-rostering format (schedulingbenchmarks.org, instances 1–24): sections
 * of comma-separated lines, `#` comments. Shift start times are not part of the format, so every shift starts
 * at midnight and none is a night shift; the benchmark's rules do not need either.
 */
const SECTIONS = [
  'SECTION_HORIZON',
  'SECTION_SHIFTS',
  'SECTION_STAFF',
  'SECTION_DAYS_OFF',
  'SECTION_SHIFT_ON_REQUESTS',
  'SECTION_SHIFT_OFF_REQUESTS',
  'SECTION_COVER',
] as const;
type Section = (typeof SECTIONS)[number];

const isSection = (line: string): line is Section => (SECTIONS as readonly string[]).includes(line);

export function parseCurtois(text: string, name = 'curtois'): RosterProblem {
  const lines: Record<Section, string[][]> = {
    SECTION_HORIZON: [],
    SECTION_SHIFTS: [],
    SECTION_STAFF: [],
    SECTION_DAYS_OFF: [],
    SECTION_SHIFT_ON_REQUESTS: [],
    SECTION_SHIFT_OFF_REQUESTS: [],
    SECTION_COVER: [],
  };
  let section: Section | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (isSection(line)) {
      section = line;
      return;
    }
    if (line.startsWith('SECTION_')) throw userError('curtois_parse', `line ${i + 1}: unknown section ${line}`);
    if (section === null) throw userError('curtois_parse', `line ${i + 1}: data before the first section`);
    lines[section].push(line.split(',').map((f) => f.trim()));
  });

  const int = (value: string | undefined, what: string): number => {
    const n = Number(value);
    if (value === undefined || value === '' || !Number.isInteger(n)) throw userError('curtois_parse', `${what}: "${value ?? ''}" is not an integer`);
    return n;
  };

  const days = int(lines.SECTION_HORIZON[0]?.[0], 'horizon');
  if (days <= 0) throw userError('curtois_parse', 'horizon must be positive');

  const shifts = lines.SECTION_SHIFTS.map(([id, length, next]) => {
    if (id === undefined || id === '') throw userError('curtois_parse', 'shift without an id');
    return {
      id,
      minutes: int(length, `length of shift ${id}`),
      startMinute: 0,
      forbiddenNext: (next ?? '').split('|').filter((s) => s !== ''),
      night: false,
    };
  });

  const daysOff = new Map<string, number[]>();
  for (const [id, ...rest] of lines.SECTION_DAYS_OFF) {
    if (id === undefined) continue;
    daysOff.set(id, rest.filter((d) => d !== '').map((d) => int(d, `day off of ${id}`)));
  }

  const staff = lines.SECTION_STAFF.map((f): StaffMember => {
    const [id, maxShiftsField, maxMin, minMin, maxCons, minCons, minOff, maxWe] = f;
    if (id === undefined || id === '') throw userError('curtois_parse', 'staff line without an id');
    const maxShifts: Record<string, number> = {};
    for (const part of (maxShiftsField ?? '').split('|').filter((p) => p !== '')) {
      const [shift, value] = part.split('=');
      if (shift === undefined) continue;
      maxShifts[shift] = int(value, `max shifts ${shift} of ${id}`);
    }
    return {
      id,
      qualifications: [],
      rules: {
        maxShifts,
        maxMinutes: int(maxMin, `max minutes of ${id}`),
        minMinutes: int(minMin, `min minutes of ${id}`),
        maxConsecutiveShifts: int(maxCons, `max consecutive of ${id}`),
        minConsecutiveShifts: int(minCons, `min consecutive of ${id}`),
        minConsecutiveDaysOff: int(minOff, `min days off of ${id}`),
        maxWeekends: int(maxWe, `max weekends of ${id}`),
        daysOff: daysOff.get(id) ?? [],
      },
    };
  });

  const requests = (rows: string[][], kind: string): ShiftRequest[] =>
    rows.map(([staffId, day, shift, weight]) => ({
      staff: staffId ?? '',
      day: int(day, `${kind} request day`),
      shift: shift ?? '',
      weight: int(weight, `${kind} request weight`),
    }));

  const cover = lines.SECTION_COVER.map(([day, shift, req, under, over]) => ({
    label: `day ${day ?? '?'} shift ${shift ?? '?'}`,
    slots: [{ day: int(day, 'cover day'), shift: shift ?? '' }],
    qualification: null,
    requirement: int(req, 'cover requirement'),
    underWeight: int(under, 'cover under weight'),
    overWeight: int(over, 'cover over weight'),
  }));

  return {
    name,
    days,
    firstWeekday: 1,
    shifts,
    staff,
    onRequests: requests(lines.SECTION_SHIFT_ON_REQUESTS, 'on'),
    offRequests: requests(lines.SECTION_SHIFT_OFF_REQUESTS, 'off'),
    cover,
    fairness: [],
  };
}

/** Writes a problem in the Curtois format (fairness terms, qualifications and multi-slot cover do not fit it). */
export function formatCurtois(problem: RosterProblem): string {
  const out: string[] = ['SECTION_HORIZON', String(problem.days), '', 'SECTION_SHIFTS'];
  for (const s of problem.shifts) out.push(`${s.id},${s.minutes},${s.forbiddenNext.join('|')}`);
  out.push('', 'SECTION_STAFF');
  for (const m of problem.staff) {
    const r = m.rules;
    const maxShifts = problem.shifts.map((s) => `${s.id}=${r.maxShifts[s.id] ?? problem.days}`).join('|');
    out.push(
      [m.id, maxShifts, r.maxMinutes, r.minMinutes, r.maxConsecutiveShifts, r.minConsecutiveShifts, r.minConsecutiveDaysOff, r.maxWeekends].join(','),
    );
  }
  out.push('', 'SECTION_DAYS_OFF');
  for (const m of problem.staff) if (m.rules.daysOff.length > 0) out.push([m.id, ...m.rules.daysOff].join(','));
  out.push('', 'SECTION_SHIFT_ON_REQUESTS');
  for (const r of problem.onRequests) out.push(`${r.staff},${r.day},${r.shift ?? ''},${r.weight}`);
  out.push('', 'SECTION_SHIFT_OFF_REQUESTS');
  for (const r of problem.offRequests) out.push(`${r.staff},${r.day},${r.shift ?? ''},${r.weight}`);
  out.push('', 'SECTION_COVER');
  for (const c of problem.cover) {
    const slot = c.slots[0];
    if (c.slots.length !== 1 || slot === undefined) throw userError('curtois_format', `cover ${c.label} spans several slots`);
    out.push(`${slot.day},${slot.shift},${c.requirement},${c.underWeight},${c.overWeight}`);
  }
  return out.join('\n') + '\n';
}

/** Parses a roster written one staff member a line, `A: . D D E .` (`.` = off), as in the data README. */
export function parseRosterText(problem: RosterProblem, text: string): Roster {
  const shiftIndex = new Map(problem.shifts.map((s, i) => [s.id, i]));
  const rows = new Map<string, number[]>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw userError('roster_parse', `"${line}": expected "ID: shifts"`);
    const id = line.slice(0, colon).trim();
    const cells = line.slice(colon + 1).trim().split(/\s+/);
    rows.set(
      id,
      cells.map((c) => {
        if (c === '.' || c === '-') return OFF;
        const s = shiftIndex.get(c);
        if (s === undefined) throw userError('roster_parse', `${id}: unknown shift "${c}"`);
        return s;
      }),
    );
  }
  const grid = problem.staff.map((m) => {
    const row = rows.get(m.id);
    if (row === undefined) throw userError('roster_parse', `no line for staff member ${m.id}`);
    if (row.length !== problem.days) throw userError('roster_parse', `${m.id}: ${row.length} days, expected ${problem.days}`);
    return row;
  });
  return { grid };
}

export function formatRosterText(problem: RosterProblem, roster: Roster): string {
  return problem.staff
    .map((m, e) => `${m.id}: ${(roster.grid[e] ?? []).map((s) => (s === OFF ? '.' : (problem.shifts[s]?.id ?? '?'))).join(' ')}`)
    .join('\n');
}
