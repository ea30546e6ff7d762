import { informational, mustNotDrop } from '../metrics.js';
import type { Finding } from '../../core/results.js';
import type { ProbeSpec, Verdict } from '../types.js';
import type { DeviceEntry, DevicesParams, DevicesRaw } from './types.js';

function countKinds(devices: readonly DeviceEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of devices) counts[d.kind] = (counts[d.kind] ?? 0) + 1;
  return counts;
}

function describeCounts(devices: readonly DeviceEntry[]): string {
  const counts = countKinds(devices);
  const parts = Object.entries(counts).map(([kind, n]) => `${n} ${kind}`);
  return parts.length ? parts.join(', ') : 'no devices';
}

/**
 * Pass rule: a camera and a microphone are visible once permission is granted, and their
 * labels are revealed. Labels or ids visible before permission are a privacy leak (warn).
 */
export function evaluateDevices(raw: DevicesRaw): Verdict {
  if (!raw.enumerateDevicesAvailable) {
    return { findings: [{ severity: 'fail', message: 'navigator.mediaDevices.enumerateDevices is missing' }], metrics: {} };
  }
  const findings: Finding[] = [];
  const after = raw.after ?? raw.before;
  const countsAfter = countKinds(after);
  findings.push({ severity: 'info', message: `before permission: ${describeCounts(raw.before)}` });
  const { camera, microphone } = raw.permissionStateBefore;
  const grantedUpFront = camera === 'granted' || microphone === 'granted';
  if (raw.before.some((d) => d.label !== '' || d.hasDeviceId)) {
    findings.push(
      grantedUpFront
        ? { severity: 'info', message: `labels visible before our request: permission was already granted (camera ${camera}, microphone ${microphone})` }
        : { severity: 'warn', message: `device labels or ids are exposed before permission was granted (camera ${camera}, microphone ${microphone})` },
    );
  }
  if (raw.after) {
    findings.push({ severity: 'info', message: `after permission: ${describeCounts(raw.after)}` });
  }
  if (!raw.permission.granted && raw.after) {
    findings.push({ severity: 'fail', message: `camera+microphone permission was not granted: ${raw.permission.error ?? 'unknown reason'}` });
  }
  for (const kind of ['videoinput', 'audioinput']) {
    if (!countsAfter[kind]) findings.push({ severity: 'fail', message: `no ${kind} device is visible` });
  }
  if (raw.permission.granted && raw.after) {
    const unlabeled = raw.after.filter((d) => (d.kind === 'videoinput' || d.kind === 'audioinput') && d.label === '');
    if (unlabeled.length) findings.push({ severity: 'warn', message: `${unlabeled.length} input device(s) still have no label after permission` });
  }
  if (!countsAfter['audiooutput']) {
    findings.push({ severity: 'info', message: 'no audiooutput devices are listed (output selection via setSinkId is not available or not exposed)' });
  }
  return {
    findings,
    metrics: {
      videoInputs: countsAfter['videoinput'] ?? 0,
      audioInputs: countsAfter['audioinput'] ?? 0,
      audioOutputs: countsAfter['audiooutput'] ?? 0,
      devicesBeforePermission: raw.before.length,
      supportedConstraints: raw.supportedConstraints.length,
    },
  };
}

export const devicesProbe: ProbeSpec<DevicesParams, DevicesRaw> = {
  id: 'devices',
  title: 'Media devices',
  summary: 'enumerateDevices before and after camera/microphone permission: kinds, counts, labels',
  pageModule: 'probes/devices/page.js',
  defaultParams: { requestPermission: true },
  timeoutMs: 15_000,
  // Device counts depend on the machine: listed by report diff, never a regression.
  metrics: {
    videoInputs: informational('devices'),
    audioInputs: informational('devices'),
    audioOutputs: informational('devices'),
    devicesBeforePermission: informational('devices'),
    supportedConstraints: mustNotDrop('constraints'),
  },
  keyFigure: (m) => `${m['videoInputs'] ?? 0} cam, ${m['audioInputs'] ?? 0} mic`,
  needs: ['chromium-capture'],
  evaluate: evaluateDevices,
};
