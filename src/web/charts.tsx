/**
 * Charts drawn on the server as SVG: no script, crisp on paper, mirrored for right-to-left
 * pages. Each chart carries a text alternative and sits next to the same figures as a table.
 */
import { h, type Html } from './jsx.ts';

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly max: number;
  /** The value as shown (in the reader's digits). */
  readonly text: string;
}

/** Horizontal bars of value against capacity; past capacity the bar turns red. */
export function CapacityBars(props: { bars: readonly Bar[]; dir: 'rtl' | 'ltr'; title: string }): Html {
  const width = 400;
  const row = 28;
  const labelWidth = 150;
  const barStart = labelWidth + 8;
  const barLength = 150;
  const height = Math.max(row, props.bars.length * row + 6);
  const rtl = props.dir === 'rtl';
  const x = (v: number) => (rtl ? width - v : v);
  const rectX = (start: number, length: number) => (rtl ? width - start - length : start);
  // Coordinates run left to right; text takes the page's direction and is anchored at its
  // start, which is its right edge on a right-to-left page.
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={props.title} direction="ltr" xmlns="http://www.w3.org/2000/svg">
      <title>{props.title}</title>
      {props.bars.map((bar, i) => {
        const y = i * row + 4;
        const ratio = bar.max > 0 ? bar.value / bar.max : bar.value > 0 ? 1.5 : 0;
        const used = Math.min(1, ratio) * barLength;
        return (
          <g>
            <text x={x(0)} y={y + 17} text-anchor="start" direction={props.dir}>
              {bar.label}
            </text>
            <rect class="bar-free" x={rectX(barStart, barLength)} y={y + 4} width={barLength} height={row - 12} rx="2" />
            <rect class={ratio > 1 ? 'bar-over' : 'bar-used'} x={rectX(barStart, used)} y={y + 4} width={used.toFixed(1)} height={row - 12} rx="2" />
            <text x={x(barStart + barLength + 8)} y={y + 17} text-anchor="start" direction={props.dir}>
              {bar.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** One step of an evidence waterfall: what a field added to (or took from) the match weight, in log2 odds. */
export interface WaterfallStep {
  readonly label: string;
  readonly weight: number;
  /** The weight as shown (signed, in the reader's digits). */
  readonly text: string;
}

/** Where each step starts and ends on the log2-odds axis, from the prior on; and the axis's range (it always holds 0, even odds). */
export function waterfallSpans(prior: number, weights: readonly number[]): { spans: { from: number; to: number }[]; min: number; max: number } {
  const spans: { from: number; to: number }[] = [{ from: 0, to: prior }];
  let at = prior;
  for (const w of weights) {
    spans.push({ from: at, to: at + w });
    at += w;
  }
  const ends = spans.flatMap((s) => [s.from, s.to]);
  return { spans, min: Math.min(0, ...ends), max: Math.max(0, ...ends) };
}

/**
 * How the evidence moved a duplicate suggestion (a Fellegi–Sunter match weight, as Splink draws
 * it): the prior odds first, then each field's weight as a step towards "the same person"
 * (green) or away from it (red), ending at the total, whose probability is the score. The
 * dashed line is even odds. Mirrored on right-to-left pages, so "more likely" runs the way the
 * page reads.
 */
export function EvidenceWaterfall(props: { prior: WaterfallStep; steps: readonly WaterfallStep[]; total: string; dir: 'rtl' | 'ltr'; title: string }): Html {
  const width = 360;
  const row = 22;
  const labelWidth = 130;
  const valueWidth = 48;
  const plotStart = labelWidth + 6;
  const plotLength = width - plotStart - valueWidth - 6;
  const { spans, min, max } = waterfallSpans(props.prior.weight, props.steps.map((s) => s.weight));
  const range = max - min || 1;
  const rtl = props.dir === 'rtl';
  const at = (v: number) => plotStart + ((v - min) / range) * plotLength;
  const x = (v: number) => (rtl ? width - v : v);
  // A bar from lo to hi on the axis, as drawn (mirrored on a right-to-left page).
  const rectX = (lo: number, hi: number) => (rtl ? width - hi : lo);
  const rows = [props.prior, ...props.steps];
  const height = (rows.length + 1) * row + 6;
  const zero = x(at(0));
  return (
    <svg class="chart waterfall" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={props.title} direction="ltr" xmlns="http://www.w3.org/2000/svg">
      <title>{props.title}</title>
      <line class="even-odds" x1={zero.toFixed(1)} x2={zero.toFixed(1)} y1="2" y2={height - 2} />
      {rows.map((step, i) => {
        const y = i * row + 4;
        const span = spans[i]!;
        const lo = at(Math.min(span.from, span.to));
        const length = Math.max(1, at(Math.max(span.from, span.to)) - lo);
        return (
          <g>
            <text x={x(0)} y={y + 15} text-anchor="start" direction={props.dir}>
              {step.label}
            </text>
            <rect class={i === 0 ? 'step-prior' : step.weight >= 0 ? 'step-for' : 'step-against'} x={rectX(lo, lo + length).toFixed(1)} y={y + 4} width={length.toFixed(1)} height={row - 8} rx="1" />
            <text x={x(width - valueWidth)} y={y + 15} text-anchor="start" direction={props.dir}>
              {step.text}
            </text>
          </g>
        );
      })}
      <text x={x(0)} y={rows.length * row + 19} text-anchor="start" direction={props.dir} class="total">
        {props.total}
      </text>
    </svg>
  );
}

/** One point of a series over time: a period's label and its value (null: suppressed or not measured). */
export interface SeriesPoint {
  readonly label: string;
  readonly value: number | null;
  /** The value as shown (in the reader's digits), or what stands for a missing one. */
  readonly text: string;
}

/**
 * A series over time as vertical bars, oldest first in the page's reading direction (mirrored
 * on right-to-left pages); a missing value (suppressed, not measured) is a gap marked by its
 * text, never a bar of zero.
 */
export function SeriesBars(props: { points: readonly SeriesPoint[]; dir: 'rtl' | 'ltr'; title: string }): Html {
  const column = 44;
  const plotHeight = 120;
  const top = 18;
  const labelRow = 20;
  const width = Math.max(column, props.points.length * column) + 8;
  const height = top + plotHeight + labelRow + 6;
  const max = Math.max(1, ...props.points.map((p) => p.value ?? 0));
  const rtl = props.dir === 'rtl';
  const centre = (i: number) => (rtl ? width - 4 - (i + 0.5) * column : 4 + (i + 0.5) * column);
  return (
    <svg class="chart series" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={props.title} direction="ltr" xmlns="http://www.w3.org/2000/svg">
      <title>{props.title}</title>
      <line class="axis" x1="0" x2={width} y1={top + plotHeight} y2={top + plotHeight} />
      {props.points.map((p, i) => {
        const length = p.value === null ? 0 : (p.value / max) * plotHeight;
        const x = centre(i);
        return (
          <g>
            {p.value === null || p.value === 0 ? null : <rect class="bar-used" x={(x - column * 0.3).toFixed(1)} y={(top + plotHeight - length).toFixed(1)} width={(column * 0.6).toFixed(1)} height={length.toFixed(1)} rx="2" />}
            <text x={x.toFixed(1)} y={(top + plotHeight - length - 4).toFixed(1)} text-anchor="middle" class={p.value === null ? 'missing' : undefined}>
              {p.text}
            </text>
            <text x={x.toFixed(1)} y={top + plotHeight + 15} text-anchor="middle">
              {p.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
