// A grouped bar chart as server-rendered SVG: no client library, a few hundred bytes a month.
// It is an image with a title and a description; the numbers themselves are in the table that
// follows it on the page (what screen readers read).
import { html, type Html } from '../html';

export interface ChartSeries {
  label: string;
  /** A fill with at least 3:1 contrast on white. */
  color: string;
  values: number[];
}

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { top: 12, right: 12, bottom: 36, left: 40 };

/** A rounded-up axis maximum with 4 even steps. */
function axisMax(max: number): number {
  if (max <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(max / 4));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => s * 4 >= max) ?? step * 10;
  return nice * 4;
}

/** Bars per category (month), one colour per series, with a y axis and a legend. */
export function barChart(input: {
  id: string;
  title: string;
  description: string;
  categories: string[];
  series: ChartSeries[];
}): Html {
  const { categories, series } = input;
  const top = axisMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.max(1, (groupW * 0.8) / Math.max(1, series.length));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const ticks = [0, 1, 2, 3, 4].map((i) => (top / 4) * i);
  // Month labels thin out so that they never overlap (at most 12 shown).
  const every = Math.ceil(categories.length / 12);
  return html`<figure class="chart">
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 ${WIDTH} ${HEIGHT + 28}"
      role="img"
      aria-labelledby="${input.id}-title ${input.id}-desc"
      id="${input.id}"
      direction="ltr"
    >
      <title id="${input.id}-title">${input.title}</title>
      <desc id="${input.id}-desc">${input.description}</desc>
      ${ticks.map(
        (t) =>
          html`<line
              x1="${PAD.left}"
              x2="${WIDTH - PAD.right}"
              y1="${y(t)}"
              y2="${y(t)}"
              stroke="#d5d9de"
            /><text x="${PAD.left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11" fill="#3d4652">
              ${Math.round(t)}
            </text>`,
      )}
      ${categories.map((category, i) => {
        const x0 = PAD.left + i * groupW + groupW * 0.1;
        return html`<g>
          ${series.map((s, j) => {
            const v = s.values[i] ?? 0;
            return html`<rect
              x="${(x0 + j * barW).toFixed(1)}"
              y="${y(v).toFixed(1)}"
              width="${(barW - 1).toFixed(1)}"
              height="${(PAD.top + plotH - y(v)).toFixed(1)}"
              fill="${s.color}"
            />`;
          })}
          ${
            i % every === 0
              ? html`<text
                  x="${(x0 + (groupW * 0.8) / 2).toFixed(1)}"
                  y="${HEIGHT - PAD.bottom + 16}"
                  text-anchor="middle"
                  font-size="11"
                  fill="#3d4652"
                  >${category}</text
                >`
              : ''
          }
        </g>`;
      })}
      ${series.map(
        (s, j) =>
          html`<rect
              x="${PAD.left + j * 130}"
              y="${HEIGHT + 6}"
              width="12"
              height="12"
              fill="${s.color}"
            /><text x="${PAD.left + j * 130 + 16}" y="${HEIGHT + 16}" font-size="12" fill="#1b1f24">
              ${s.label}
            </text>`,
      )}
    </svg>
  </figure>`;
}
