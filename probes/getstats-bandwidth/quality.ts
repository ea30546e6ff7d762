// Audio quality as a MOS estimate from network figures, the way network tests (Twilio's
// preflight, Vonage's network test) report it: the simplified E-model. Pure.
//
// R-factor: R = 93.2 - Id - Ie_eff, with the delay impairment Id from the effective latency
// (one-way delay ≈ RTT/2, plus twice the jitter for the jitter buffer, plus 10 ms codec
// delay) — Id = latency/40 below 160 ms, (latency - 120)/10 above — and the loss impairment
// approximated as 2.5 per percent of packets lost. R maps to MOS with the formula of ITU-T
// G.107 (Annex B): MOS = 1 + 0.035 R + 7e-6 R (R - 60)(100 - R), clamped to [1, 4.5].

export function rFactor(rttMs: number, jitterMs: number, lossPct: number): number {
  const latency = rttMs / 2 + 2 * jitterMs + 10;
  const delayImpairment = latency < 160 ? latency / 40 : (latency - 120) / 10;
  return Math.max(0, Math.min(100, 93.2 - delayImpairment - 2.5 * lossPct));
}

export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.round(Math.min(4.5, Math.max(1, mos)) * 100) / 100;
}

export function estimateMos(rttMs: number, jitterMs: number, lossPct: number): number {
  return mosFromR(rFactor(rttMs, jitterMs, lossPct));
}
