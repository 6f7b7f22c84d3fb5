export interface ChartSeries {
  readonly label: string;
  /** CSS class that colours the line (series-business, series-off_hours, series-holiday). */
  readonly className: string;
  readonly values: readonly (number | null)[];
}

const W = 320;
const H = 96;
const PAD = { top: 8, right: 8, bottom: 16, left: 36 };

/**
 * A small hand-rolled SVG line chart: one line per series, gaps where a bucket has no data, the y axis
 * from zero. Screen readers get a one-line summary instead of the drawing.
 */
export function LineChart({ series, labels, format, summary }: { series: readonly ChartSeries[]; labels: readonly string[]; format: (v: number) => string; summary: string }) {
  const n = labels.length;
  const max = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const top = max === 0 ? 1 : max * 1.1;
  const x = (i: number) => PAD.left + (n <= 1 ? 0 : (i / (n - 1)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const path = (values: readonly (number | null)[]) => {
    let d = '';
    let pen = false;
    values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const first = labels[0];
  const last = labels.at(-1);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} preserveAspectRatio="none">
      <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
      {max === 0 ? (
        <text className="tick" x={(W + PAD.left) / 2} y={H / 2} textAnchor="middle">
          no data in this period yet
        </text>
      ) : (
        <>
          <line className="grid-line" x1={PAD.left} x2={W - PAD.right} y1={y(max)} y2={y(max)} />
          <text className="tick" x={PAD.left - 4} y={y(max) + 3} textAnchor="end">
            {format(max)}
          </text>
        </>
      )}
      <text className="tick" x={PAD.left - 4} y={y(0) + 3} textAnchor="end">
        0
      </text>
      {first !== undefined && (
        <text className="tick" x={PAD.left} y={H - 3}>
          {first}
        </text>
      )}
      {last !== undefined && n > 1 && (
        <text className="tick" x={W - PAD.right} y={H - 3} textAnchor="end">
          {last}
        </text>
      )}
      {series.map((s) => (
        <g key={s.label} className={`series ${s.className}`}>
          <path d={path(s.values)} fill="none" />
          {s.values.map((v, i) =>
            v === null ? null : (
              <circle key={i} cx={x(i)} cy={y(v)} r={n > 40 ? 0 : 1.8}>
                <title>{`${s.label} ${labels[i] ?? ''}: ${format(v)}`}</title>
              </circle>
            ),
          )}
        </g>
      ))}
    </svg>
  );
}
