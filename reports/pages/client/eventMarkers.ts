// Events on a series' time axis drawn as thin vertical lines across a line chart (a freeze, a
// lost burst): where on the curve they happened. Their labels stay in the page's event table;
// the chart only marks the time. A chart.js plugin, painted on the canvas.
import type { Plugin } from 'chart.js';

const MARKER_COLOR = 'rgba(192, 57, 43, 0.55)';

/** Vertical dashed lines at each of `times` (x-axis values) that falls inside the drawn range. */
export function eventMarkers(times: readonly number[]): Plugin<'line'> {
  return {
    id: 'event-markers',
    afterDatasetsDraw(chart) {
      const x = chart.scales['x'];
      const { top, bottom, left, right } = chart.chartArea;
      if (!x) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = MARKER_COLOR;
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      for (const t of times) {
        const px = x.getPixelForValue(t);
        if (!Number.isFinite(px) || px < left || px > right) continue;
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}
