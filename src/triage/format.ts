/** Number and time formatting for analyst-facing text (fast: explanations are built for every alert). */

export function formatCount(n: number): string {
  const r = Math.round(n);
  const s = String(Math.abs(r));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s.charAt(i);
  }
  return r < 0 ? `-${out}` : out;
}

export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  const x = p * 100;
  if (x >= 99.95 || x <= 0.05) return `${Math.round(x)}%`;
  const scale = x >= 10 ? 10 : 100;
  return `${Math.round(x * scale) / scale}%`;
}

export function formatDuration(ms: number): string {
  const m = ms / 60_000;
  if (m < 1) return `${Math.round(ms / 1000)} s`;
  if (m < 90) return `${Math.round(m)} min`;
  const h = m / 60;
  if (h < 48) return `${Math.round(h)} h`;
  return `${Math.round(h / 24)} days`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z';
}
