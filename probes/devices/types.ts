export interface DevicesParams {
  /** Ask for camera and microphone between the two enumerations, to see what permission reveals. */
  requestPermission: boolean;
}

export interface DeviceEntry {
  kind: string;
  label: string;
  /** Whether the browser exposed a non-empty deviceId / groupId (both are hidden before permission). */
  hasDeviceId: boolean;
  hasGroupId: boolean;
}

export interface DevicesRaw {
  enumerateDevicesAvailable: boolean;
  before: DeviceEntry[];
  after: DeviceEntry[] | null;
  permission: { granted: boolean; error?: string };
  /**
   * Permissions API state of camera and microphone before the first enumeration
   * (`granted`, `prompt`, `denied`, or `unsupported`). Labels before our request are only
   * a leak when permission was not already granted (e.g. by a browser flag or policy).
   */
  permissionStateBefore: { camera: string; microphone: string };
  /** `navigator.mediaDevices.getSupportedConstraints()` keys that are true. */
  supportedConstraints: string[];
}
