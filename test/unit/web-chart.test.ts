// The statistics chart and its range: bars in proportion on a rounded axis, labels escaped,
// every month of a range across years, and refusal of a backwards or too long range.
import { barChart } from '../../web/pages/chart';
import { monthsBetween } from '../../web/routes/program';

describe('barChart', () => {
  const svg = barChart({
    id: 'c',
    title: 'Milestones <per> month',
    description: 'Submissions: 10',
    categories: ['2025-01', '2025-02'],
    series: [
      { label: 'Submissions', color: '#0b5cad', values: [10, 5] },
      { label: 'Départs <b>', color: '#5b2a86', values: [0, 2] },
    ],
  }).value;
  const heights = [...svg.matchAll(/<rect[^>]*height="([\d.]+)"\s+fill="#(?:0b5cad|5b2a86)"/g)].map((m) =>
    Number(m[1]),
  );

  it('is an image named by its title and description, with text escaped', () => {
    expect(svg).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="c-title c-desc"/);
    expect(svg).toContain('<title id="c-title">Milestones &lt;per&gt; month</title>');
    expect(svg).toContain('Départs &lt;b&gt;');
    expect(svg).not.toContain('<script');
  });

  it('draws bars in proportion to their values on an axis rounded up (10 → 20 in 4 steps of 5)', () => {
    // Bars in category order, then the legend's squares (height 12).
    const [a1, b1, a2, b2] = heights;
    expect([a1, b1, a2, b2].map((h) => Math.round((h! / a1!) * 100))).toEqual([100, 0, 50, 20]);
    expect(svg).toMatch(/>\s*20\s*<\/text>/);
  });
});

describe('monthsBetween', () => {
  it('lists every month of a range, across a year', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
  });

  it('refuses a backwards range and one over five years', () => {
    expect(monthsBetween('2026-02', '2026-01')).toBeNull();
    expect(monthsBetween('2020-01', '2024-12')).toHaveLength(60);
    expect(monthsBetween('2020-01', '2025-01')).toBeNull();
  });
});
