// LAN logins to the embedded MQTT broker: each paired device logs in with its own token (from
// `guimi pair`) as the password, and its id or name as the username ("guimi" is accepted too, as the
// earlier recipes wrote it). The token decides who it is; a username naming another device is refused.

export interface PairedDevices {
  authenticate(token: string): { id: string; name: string } | null;
}

/** The paired device's id, or null when these credentials are not a paired device's. */
export function mqttLogin(devices: PairedDevices, username: string | undefined, password: string | undefined): string | null {
  if (!username || !password || username.length > 200 || password.length > 200) return null;
  const device = devices.authenticate(password);
  if (!device) return null;
  const name = username.trim().toLowerCase();
  return name === device.id.toLowerCase() || name === device.name.trim().toLowerCase() || name === "guimi" ? device.id : null;
}
