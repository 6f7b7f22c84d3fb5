import { createHash } from 'node:crypto';
import type { PublishedRoster, ShiftAssignment } from './published-roster.ts';

/**
 * iCalendar (RFC 5545) feeds of a published roster, one per analyst or one for the team. Times are UTC
 * (`…Z`), text is escaped (\\, ;, , and newlines), lines are folded at 75 octets with CRLF + space, and each
 * shift has a UID derived from team, analyst, date and shift, so a re-published roster updates calendar
 * entries instead of duplicating them.
 */
export interface IcalOptions {
  /** Stamp for DTSTAMP (defaults to now); fixed in tests for byte-stable output. */
  readonly now?: Date;
  /** Domain part of UIDs. */
  readonly domain?: string;
  readonly calendarName?: string;
}

export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line to at most 75 octets per physical line, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function utc(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function shiftUid(team: string, a: ShiftAssignment, domain = 'vigil.local'): string {
  const hash = createHash('sha256').update(`${team}\u0000${a.analyst}\u0000${a.date}\u0000${a.shift}`).digest('hex').slice(0, 32);
  return `${hash}@${domain}`;
}

function event(team: string, a: ShiftAssignment, stamp: string, domain: string | undefined): string[] {
  const summary = `${a.shift} shift (${a.tier})${a.night ? ', night' : ''}`;
  return [
    'BEGIN:VEVENT',
    `UID:${shiftUid(team, a, domain)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART:${utc(a.start)}`,
    `DTEND:${utc(a.end)}`,
    `SUMMARY:${escapeText(summary)}`,
    `DESCRIPTION:${escapeText(`${team}: ${a.analyst}, tier ${a.tier}, site ${a.site}, roster day ${a.date}`)}`,
    `CATEGORIES:${escapeText(a.tier)}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

function calendar(name: string, events: string[][]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Vigil//Roster//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`, ...events.flat(), 'END:VCALENDAR'];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** The feed of one analyst (empty calendar when they have no shifts). */
export function analystCalendar(roster: PublishedRoster, analyst: string, options: IcalOptions = {}): string {
  const stamp = utc((options.now ?? new Date()).toISOString());
  const events = roster.assignments.filter((a) => a.analyst === analyst).map((a) => event(roster.team, a, stamp, options.domain));
  return calendar(options.calendarName ?? `${roster.team}: ${analyst}`, events);
}

/** The feed of the whole team. */
export function teamCalendar(roster: PublishedRoster, options: IcalOptions = {}): string {
  const stamp = utc((options.now ?? new Date()).toISOString());
  const events = roster.assignments.map((a) => event(roster.team, a, stamp, options.domain));
  return calendar(options.calendarName ?? roster.team, events);
}
