// The SDP toolkit: parse (with validation), normalize, extract features, diff and negotiate.
// Browser-safe (no Node imports), so page code can use it as well as the CLI.
export { MAX_SDP_LENGTH, type Sdp, SdpError, type SdpMedia, parse, write } from './parse.js';
export { type NormalizeOptions, normalize } from './normalize.js';
export { type SdpWarning, lint } from './lint.js';
export { type Codec, codecsOf } from './codecs.js';
export { type FeatureItem, type FeatureRule, MEDIA_RULES, SESSION_RULES, type SdpFeatures, type SectionFeatures, extract } from './extract.js';
export { type ChangeKind, type DiffOptions, type SdpChange, type SdpDiff, type SectionDiff, diff, diffFeatures } from './diff.js';
export {
  type Compatibility,
  type Dropped,
  type FeatureOutcome,
  type Negotiation,
  type NegotiatedSection,
  type RtpCapabilities,
  type SectionCompatibility,
  type UsedCodec,
  compatible,
  negotiate,
} from './negotiate.js';
