// chart.js for every page, bundled into the page script (no second inline script, no global).
// Only the parts the pages draw with are registered, which keeps the pages smaller than the
// UMD build with everything. chart.js draws on canvas and needs no eval, so the CSP allows none.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  SubTitle,
  Title,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Title, SubTitle, Tooltip);

/** How every chart on the pages starts: drawn at once (pages are read, not watched; tests and benchmarks wait for the last chart) and sized by its box. */
export const PAGE_CHART_DEFAULTS = { animation: false, responsive: true, maintainAspectRatio: false } as const;

export { Chart };
