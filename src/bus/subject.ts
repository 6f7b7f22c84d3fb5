/**
 * NATS subject rules, shared by both adapters so the in-process bus accepts and matches exactly what
 * JetStream does: tokens separated by `.`, `*` matches one token, `>` (last token only) matches one or more.
 */
import { busError } from './bus.ts';

const TOKEN = /^[^\s.*>]+$/;

function tokens(subject: string): readonly string[] {
  return subject.split('.');
}

/** A subject one may publish to: no wildcards, no empty tokens, no whitespace. */
export function assertPublishSubject(subject: string): void {
  if (subject.length === 0 || !tokens(subject).every((t) => TOKEN.test(t))) {
    throw busError('bus_bad_subject', `cannot publish to ${JSON.stringify(subject)}: tokens must be non-empty, without whitespace or wildcards`);
  }
}

/** A consumer filter: literal tokens, `*` anywhere, `>` only as the last token. */
export function assertFilter(filter: string): void {
  const parts = tokens(filter);
  const ok =
    filter.length > 0 &&
    parts.every((t, i) => TOKEN.test(t) || t === '*' || (t === '>' && i === parts.length - 1));
  if (!ok) throw busError('bus_bad_subject', `invalid subject filter ${JSON.stringify(filter)}`);
}

/** Durable names end up in JetStream API subjects: no `.`, wildcards or whitespace. */
export function assertDurableName(name: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    throw busError('bus_bad_durable', `durable name ${JSON.stringify(name)} must be 1-64 of A-Z a-z 0-9 _ -`);
  }
}

/** Whether `subject` (literal) is matched by `filter` (may hold wildcards). */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = tokens(filter);
  const s = tokens(subject);
  for (let i = 0; i < f.length; i++) {
    const ft = f[i];
    if (ft === '>') return s.length > i;
    const st = s[i];
    if (st === undefined) return false;
    if (ft !== '*' && ft !== st) return false;
  }
  return f.length === s.length;
}

/**
 * Whether every subject matched by `inner` is also matched by `outer` (both may hold wildcards); used to
 * check a consumer filter lies inside the bus's subject space.
 */
export function filterWithin(outer: string, inner: string): boolean {
  const o = tokens(outer);
  const n = tokens(inner);
  for (let i = 0; i < o.length; i++) {
    const ot = o[i];
    if (ot === '>') return n.length > i;
    const nt = n[i];
    if (nt === undefined || nt === '>') return false;
    if (ot !== '*' && (nt === '*' || ot !== nt)) return false;
  }
  return o.length === n.length;
}

/** Compiles a filter once into a predicate (consumers test every message against it). */
export function compileFilter(filter: string): (subject: string) => boolean {
  if (!filter.includes('*') && !filter.includes('>')) return (subject) => subject === filter;
  return (subject) => subjectMatches(filter, subject);
}
