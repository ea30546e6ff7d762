import { it } from 'vitest';
import { readSdpFixture, validSdpFixtureNames } from '../../test/support/sdpFixtures.js';
import { mutatedCases } from '../../test/support/sdpFuzz.js';
import { SdpError, parse, referenceParse, write } from './parse.js';
import { diff } from './diff.js';
import { negotiate, compatible } from './negotiate.js';
import { extract } from './extract.js';
import { normalize } from './normalize.js';
import { isDeepStrictEqual } from 'node:util';
it('seeds', () => {
  const sources = validSdpFixtureNames().map((name) => ({ name, text: readSdpFixture(name) }));
  const originals = sources.map((s) => parse(s.text));
  const problems = new Map<string, string>();
  for (let seed = 1; seed <= 25; seed++) {
    for (const { label, text } of mutatedCases(sources, 2000, seed)) {
      let sdp;
      try { sdp = parse(text); } catch (e) { if (!(e instanceof SdpError)) problems.set('throw ' + (e as Error).message, label); continue; }
      try {
        if (!isDeepStrictEqual(sdp, referenceParse(text))) problems.set('ref', label);
        let again; try { again = parse(write(structuredClone(sdp))); } catch (e) { problems.set('rt-throw ' + (e as Error).message.slice(0, 60), label); continue; }
        if (!isDeepStrictEqual(again, sdp)) {
          const diffKeys: string[] = [];
          const walk = (a: any, b: any, path: string) => { if (isDeepStrictEqual(a, b)) return; if (a && b && typeof a === 'object' && typeof b === 'object') { for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], path + '.' + k); } else diffKeys.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`); };
          walk(sdp, again, '');
          problems.set('rt ' + diffKeys[0]!.replace(/\d+/g, 'N').slice(0, 100), label + ' ' + diffKeys.slice(0, 2).join(' | '));
        }
        const other = originals[text.length % originals.length]!;
        extract(normalize(sdp)); diff(sdp, other); negotiate(other, sdp); negotiate(sdp, other); compatible(sdp, { audio: [], video: [], headerExtensions: [] });
      } catch (e) { problems.set('lib ' + (e as Error).message, label); }
    }
  }
  for (const [k, v] of problems) console.log(k, '=>', v);
});
