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
