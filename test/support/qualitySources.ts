// video-quality with a test source instead of the moving one: the probe as registered, only its
// `source` param changed, so e2e tests and the fixture capture prove the real detectors on
// pictures that must fail (a sender that stops drawing, a black camera).
import type { SourceMode } from '../../probes/page-kit/markedSource.js';
import type { ProbeSpec, RunContext } from '../../probes/types.js';
import type { VideoQualityParams, VideoQualityRaw } from '../../probes/video-quality/types.js';
import { videoQualityProbe } from '../../probes/video-quality/probe.js';

export function videoQualityWithSource(source: Exclude<SourceMode, 'moving'>): ProbeSpec<VideoQualityParams, VideoQualityRaw> {
  const params = (context: RunContext): VideoQualityParams => ({ ...videoQualityProbe.params!(context), source });
  return { ...videoQualityProbe, id: `video-quality-${source}`, defaultParams: params({ iceServers: [] }), params };
}
