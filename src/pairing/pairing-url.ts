// The address a new device opens to pair: the page on this machine's LAN address, the token in the
// fragment (a fragment is never sent in a request, so it reaches no server log), and its QR code.
import { networkInterfaces } from "node:os";
import QRCode from "qrcode";

export function pairingUrl(token: string, port: number, addresses = networkInterfaces()): string {
  const lan = Object.values(addresses)
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
  return `http://${lan ?? "127.0.0.1"}:${port}/#pair=${token}`;
}

/** The pairing address as an SVG QR code (for the page's 我的数据). */
export function pairingQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
