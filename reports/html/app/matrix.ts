// The comparison matrix: a row per probe, a column per browser x adapter x scenario, each cell
// a button with the status and key figure that opens the drill-down.
import type { ReportModel } from '../model.js';
import { badge, el } from './dom.js';

export function renderMatrix(model: ReportModel, onSelect: (result: number, button: HTMLButtonElement) => void): HTMLElement {
  const head = el(
    'tr',
    {},
    el('th', { class: 'probe' }, 'probe'),
    ...model.columns.map((c) =>
      el(
        'th',
        {},
        el('span', { class: 'browser' }, c.browser),
        el('span', { class: 'sub' }, c.version || 'version unknown'),
        el('span', { class: 'sub' }, `adapter ${c.adapter} · ${c.scenario}`),
      ),
    ),
  );
  const body = model.rows.map((row) =>
    el(
      'tr',
      {},
      el('th', { class: 'probe', title: row.title }, row.probe),
      ...row.cells.map((cell) => {
        if (!cell) return el('td', { class: 'empty' }, '–');
        const button = el(
          'button',
          { class: 'cell', title: cell.differs ? 'browsers differ in status here' : row.title },
          badge(cell.status),
          el('span', { class: 'figure' }, cell.figure),
        );
        button.type = 'button';
        button.dataset['result'] = String(cell.result);
        button.addEventListener('click', () => onSelect(cell.result, button));
        return el('td', { class: `s-${cell.status}${cell.differs ? ' differs' : ''}` }, button);
      }),
    ),
  );
  return el(
    'div',
    {},
    el('div', { class: 'scroll' }, el('table', { class: 'matrix' }, el('thead', {}, head), el('tbody', {}, ...body))),
    el(
      'p',
      { class: 'legend' },
      el('span', { class: 'differs-mark' }, 'outlined'),
      ' cells: browsers differ in status for this probe (same adapter mode and scenario). Click a cell for its details.',
    ),
  );
}
