// Browser side of the page pipeline: where a page finds the data it was rendered with.

/** The id of the <script type="application/json"> block every page template carries. */
export const PAGE_DATA_ID = 'page-data';

/** The page's data: parsed from its JSON block with JSON.parse, never evaluated as script. */
export function readPageData<T>(): T {
  const block = document.getElementById(PAGE_DATA_ID);
  if (!block) throw new Error(`the page has no #${PAGE_DATA_ID} data block`);
  return JSON.parse(block.textContent ?? '') as T;
}
