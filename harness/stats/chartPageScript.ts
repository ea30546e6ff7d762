// The script of the chart page: the entry module the page pipeline bundles with chart.js
// (reports/pages/pages.ts). It reads the data block, builds the DOM with
// createElement/textContent only (dump text never becomes markup; chart labels are drawn on
// canvas) and draws one chart.js line chart per chart, with the peer connection's events as
// dashed markers. In PNG mode it renders at a fixed size and leaves each chart as a PNG data
// URL in window.__chartImages for headless Chromium to collect.
import type * as ChartJs from 'chart.js';
import { lineChart } from '../../reports/pages/client/lineChart.js';
import { readPageData } from '../../reports/pages/client/pageData.js';
import type { ChartPageData } from './chartPageData.js';

function drawChartPage(): void {
  const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#6e7781', '#000000', '#f0e442'];
  const root = document.getElementById('app')!;
  const element = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Element, text?: string, className?: string): HTMLElementTagNameMap[K] => {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (className) el.className = className;
    parent.appendChild(el);
    return el;
  };
  // `oniceconnectionstatechange: connected` -> `ice: connected`: markers are labelled in little room.
  const short = (label: string) =>
    label
      .replace(/^on(ice)?connectionstatechange/, (_m, ice: string | undefined) => (ice ? 'ice' : 'connection'))
      .replace(/^onsignalingstatechange/, 'signaling')
      .replace(/^onicegatheringstatechange/, 'gathering')
      .slice(0, 48);
  const seconds = (t: number) => `${t.toFixed(t < 100 ? 2 : 1)} s`;
  const fail = (error: unknown) => {
    element('p', root, `The charts could not be drawn: ${String(error)}`, 'error');
    document.documentElement.setAttribute('data-error', String(error));
  };

  try {
    const data = readPageData<ChartPageData>();
    // Before any chart is made: the PNG layout (fixed-size boxes) is styled by html[data-png].
    document.documentElement.toggleAttribute('data-png', data.png);
    const images: Record<string, string> = {};
    const encoded: Promise<void>[] = [];
    element('h1', root, 'Stats charts');
    element('p', root, data.source, 'muted');
    for (const group of data.groups) {
      const section = element('section', root);
      element('h2', section, group.name);
      const markers = group.markers;
      // Markers closer than this many pixels share one line and one label (`<last> (+n)`).
      const markerPlugin: ChartJs.Plugin<'line'> = {
        id: 'eventMarkers',
        afterDatasetsDraw(chart) {
          const { ctx, chartArea, scales } = chart;
          const x = scales['x']!;
          const clusters: { px: number; labels: string[] }[] = [];
          for (const marker of markers) {
            if (marker.t < x.min || marker.t > x.max) continue;
            const px = x.getPixelForValue(marker.t);
            const last = clusters[clusters.length - 1];
            if (last && px - last.px < 14) last.labels.push(marker.label);
            else clusters.push({ px, labels: [marker.label] });
          }
          ctx.save();
          ctx.strokeStyle = 'rgba(89, 99, 110, 0.55)';
          ctx.fillStyle = '#59636e';
          ctx.font = '10px sans-serif';
          ctx.setLineDash([4, 3]);
          for (const cluster of clusters) {
            ctx.beginPath();
            ctx.moveTo(cluster.px, chartArea.top);
            ctx.lineTo(cluster.px, chartArea.bottom);
            ctx.stroke();
            const text = short(cluster.labels[cluster.labels.length - 1]!) + (cluster.labels.length > 1 ? ` (+${cluster.labels.length - 1})` : '');
            ctx.save();
            ctx.translate(cluster.px + 3, chartArea.top + 4);
            ctx.rotate(Math.PI / 2);
            ctx.fillText(text, 0, 0);
            ctx.restore();
          }
          ctx.restore();
        },
      };
      // PNGs get a white background instead of transparency.
      const background: ChartJs.Plugin<'line'> = {
        id: 'background',
        beforeDraw(chart) {
          chart.ctx.save();
          chart.ctx.fillStyle = '#ffffff';
          chart.ctx.fillRect(0, 0, chart.width, chart.height);
          chart.ctx.restore();
        },
      };
      // One x range for the group, wide enough for its first events (offer/answer come before the first stats sample).
      const times = [...markers.map((m) => m.t), ...group.charts.flatMap((c) => c.lines.flatMap((l) => (l.t.length ? [l.t[0]!, l.t[l.t.length - 1]!] : [])))];
      const xMin = Math.floor(Math.min(...times));
      const xMax = Math.ceil(Math.max(...times));
      const grid = element('div', section, undefined, 'grid');
      for (const spec of group.charts) {
        const figure = element('figure', grid, undefined, 'chart');
        const box = element('div', figure, undefined, 'canvas-box');
        const canvas = element('canvas', box);
        if (data.png) {
          // Not responsive: chart.js takes the size from the canvas attributes (CSS pixels; devicePixelRatio 2 doubles them).
          canvas.width = 1000;
          canvas.height = 440;
        }
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `${spec.title} (${spec.unit})`);
        const lines = spec.lines.map((line, i) => ({ ...line, color: PALETTE[i % PALETTE.length]! }));
        const chart = lineChart(canvas, lines, {
          pointsUpTo: 60,
          xTitle: 'seconds',
          xRange: { min: xMin, max: xMax },
          plugins: [background, markerPlugin],
          options: {
            layout: { padding: { left: 4, right: 12, top: 4, bottom: 4 } },
            responsive: !data.png,
            devicePixelRatio: data.png ? 2 : window.devicePixelRatio,
            interaction: { mode: 'nearest', axis: 'x', intersect: false },
            scales: {
              y: { title: { display: spec.unit !== '', text: spec.unit }, beginAtZero: spec.unit !== 'px' },
            },
            plugins: {
              // A PNG stands alone, so its title names the group; on the page the section heading does.
              title: { display: true, text: `${spec.title}${spec.unit ? ` (${spec.unit})` : ''}${data.png ? ` — ${group.name}` : ''}`, align: 'start' },
              subtitle: { display: data.png, text: data.source, align: 'start', color: '#59636e', padding: { bottom: 12 } },
              legend: { position: 'bottom', labels: { boxWidth: 12 } },
            },
          },
        });
        // toBlob encodes off the main thread, so the PNGs of many charts are encoded in parallel.
        if (data.png) {
          const id = spec.id;
          encoded.push(
            new Promise<Blob | null>((resolve) => chart.canvas.toBlob(resolve, 'image/png')).then(
              (blob) =>
                new Promise<void>((resolve, reject) => {
                  if (!blob) return reject(new Error(`chart ${id}: the canvas gave no PNG`));
                  const reader = new FileReader();
                  reader.onload = () => resolve(void (images[id] = String(reader.result)));
                  reader.onerror = () => reject(reader.error);
                  reader.readAsDataURL(blob);
                }),
            ),
          );
        }
      }
      if (group.events.length) {
        const details = element('details', section);
        element('summary', details, `Events (${group.events.length})`);
        const table = element('table', details);
        for (const event of group.events) {
          const row = element('tr', table);
          element('td', row, seconds(event.t), 'num');
          element('td', row, event.label);
        }
      }
    }
    Promise.all(encoded).then(() => {
      Object.assign(window, { __chartImages: images });
      document.documentElement.setAttribute('data-ready', String(Object.keys(images).length));
    }, fail);
  } catch (error) {
    fail(error);
  }
}

drawChartPage();
