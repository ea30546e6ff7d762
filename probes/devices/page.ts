import type { DeviceEntry, DevicesParams, DevicesRaw } from './types.js';
import { describeError } from '../page-kit/errors.js';

async function enumerate(): Promise<DeviceEntry[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.map((d) => ({ kind: d.kind, label: d.label, hasDeviceId: d.deviceId !== '', hasGroupId: d.groupId !== '' }));
}

async function permissionState(name: 'camera' | 'microphone'): Promise<string> {
  try {
    return (await navigator.permissions.query({ name: name as PermissionName })).state;
  } catch {
    return 'unsupported';
  }
}

export async function run(params: DevicesParams): Promise<DevicesRaw> {
  const mediaDevices = navigator.mediaDevices as MediaDevices | undefined;
  const permissionStateBefore = { camera: await permissionState('camera'), microphone: await permissionState('microphone') };
  if (!mediaDevices?.enumerateDevices) {
    return { enumerateDevicesAvailable: false, before: [], after: null, permission: { granted: false }, permissionStateBefore, supportedConstraints: [] };
  }
  const supported = mediaDevices.getSupportedConstraints?.() ?? {};
  const supportedConstraints = Object.entries(supported)
    .filter(([, v]) => v === true)
    .map(([k]) => k)
    .sort();
  const base = { enumerateDevicesAvailable: true, before: await enumerate(), permissionStateBefore, supportedConstraints };
  if (!params.requestPermission) return { ...base, after: null, permission: { granted: false } };
  try {
    const stream = await mediaDevices.getUserMedia({ audio: true, video: true });
    // Labels are revealed while (or after) a capture is live; enumerate before stopping it.
    const after = await enumerate();
    stream.getTracks().forEach((t) => t.stop());
    return { ...base, after, permission: { granted: true } };
  } catch (error) {
    return { ...base, after: await enumerate(), permission: { granted: false, error: describeError(error) } };
  }
}
