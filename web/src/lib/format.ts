/** "45s", "4m 12s", "2h 05m", "3d 4h": short durations for clocks and figures (input in seconds). */
export function formatDuration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  const sign = seconds < 0 ? '−' : '';
  if (s < 60) return `${sign}${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${sign}${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${sign}${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${sign}${Math.floor(h / 24)}d ${h % 24}h`;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(rate >= 0.995 || rate === 0 ? 0 : 1)}%`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A wall-clock time in the tenant's time zone: "14:05" today, "Tue 14:05" this week, else the date. */
export function formatTime(ms: number, timeZone: string | undefined, nowMs = Date.now()): string {
  const age = Math.abs(nowMs - ms);
  const style = age < 20 * 3_600_000 ? 'time' : age < 6 * 86_400_000 ? 'week' : 'date';
  const key = `${style}|${timeZone ?? ''}`;
  let format = formatters.get(key);
  if (format === undefined) {
    const base: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone === undefined ? {} : { timeZone }) };
    format = new Intl.DateTimeFormat(undefined, style === 'time' ? base : style === 'week' ? { ...base, weekday: 'short' } : { ...base, year: 'numeric', month: 'short', day: 'numeric' });
    formatters.set(key, format);
  }
  return format.format(ms);
}

/** Full timestamp for titles and the alert page. */
export function formatFull(ms: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23', ...(timeZone === undefined ? {} : { timeZone }) }).format(ms);
}

export function incidentRef(number: number): string {
  return `INC-${number}`;
}

export function humanize(type: string): string {
  const text = type.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
