// The report page builds every element through here: data only ever becomes text nodes or
// property values, never markup, so a label that looks like an HTML tag shows as those characters.

export type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  /** Tooltip text. */
  title?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.title) element.title = props.title;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** Values longer than this wrap inside their cell; shorter ones stay on one line (the table scrolls). */
const LONG_TEXT = 48;

/** A table of text cells (all values already strings). */
export function textTable(columns: readonly string[], rows: readonly (readonly string[])[], className = 'data'): HTMLTableElement {
  return el(
    'table',
    { class: className },
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', {}, c)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((value) => el('td', { class: value.length > LONG_TEXT ? 'long' : '' }, value))))),
  );
}

/** A section with a heading; the caller appends the body. */
export function section(title: string, className = ''): HTMLElement {
  return el('section', { class: className }, el('h2', {}, title));
}

/** A status as a coloured badge that also reads as text (colour is never the only signal). */
export function badge(status: string): HTMLSpanElement {
  return el('span', { class: `badge s-${status.replace(/[^a-z]/g, '')}` }, status);
}
