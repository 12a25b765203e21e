// Who counts as "this device": loopback addresses, v4 and v6 (including v4-mapped v6).
export function isLoopback(address: string): boolean {
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}
