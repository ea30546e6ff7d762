// How deeply a JSON text nests, read without parsing it. A results.json nests 9 levels; a post
// nesting thousands deep is no results file, and the recursive steps after parsing (schema check,
// redaction, storing, rendering) would each run out of stack on it. So it is refused up front.

/** Far above any results.json (9 levels today), far below what recursion can take. */
export const MAX_POSTED_JSON_DEPTH = 64;

/** The deepest nesting of objects and arrays in `text`, brackets inside strings not counted. */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return deepest;
}
