// guimi pair [--name phone] | pair list | pair revoke <id>: devices that may use Guimi from the LAN.
import type { Command } from "commander";
import QRCode from "qrcode";
import type { CliContext } from "./main.js";
import { createGuimiApp } from "../app/guimi-app.js";
import { dataPaths, loadConfig } from "../config/config.js";
import { findRunningDaemon } from "../server/daemon.js";
import { GuimiError, InputError, NotFoundError } from "../errors.js";
import { deviceIdSchema, type PairedDevice } from "../pairing/device-registry.js";
import { pairingUrl } from "../pairing/pairing-url.js";

export { pairingUrl };

export function registerPairCommands(program: Command, ctx: CliContext): void {
  const pair = program
    .command("pair")
    .description("pair a phone, tablet or computer: prints its token / 配对设备 (list | revoke <id>)")
    .option("--name <device>", 'a name for the new device (e.g. phone); without it, the token of the device "default"')
    .option("--qr", "also draw the pairing address as a QR code in the terminal")
    .option("--json", "machine-readable")
    .action(async (options: { name?: string; qr?: boolean; json?: boolean }) => {
      const paths = dataPaths(ctx.dataDir());
      const app = await createGuimiApp({ dataDir: ctx.dataDir(), withoutModel: true });
      let device: PairedDevice | undefined;
      let token: string;
      try {
        if (options.name === undefined) {
          token = app.pairingToken();
          device = app.devices.list().find((d) => d.id === "default");
        } else ({ device, token } = app.devices.issue(options.name));
      } finally {
        await app.close();
      }
      const port = (await findRunningDaemon(paths.daemon))?.port ?? loadConfig(paths).server.port;
      const url = pairingUrl(token, port);
      if (options.json) return void ctx.stdout.write(JSON.stringify({ device, token, url }) + "\n");
      ctx.stdout.write(`${token}\n`);
      ctx.stdout.write(
        `\n  device : ${device?.name ?? "default"} (${device?.id ?? "default"})` +
          `\n  use    : Authorization: Bearer <token>  (WebSocket: subprotocols "guimi.v1", "bearer.<token>")` +
          `\n  page   : ${url}` +
          `\n  mqtt   : user ${device?.id ?? "default"} (or its name), password: the token  (embedded broker with "mqtt": {"lan": true})` +
          `\n  (the daemon must listen on the LAN for other devices: guimi start --host 0.0.0.0; revoke: guimi pair revoke ${device?.id ?? "default"})\n`,
      );
      if (options.qr) ctx.stdout.write(await QRCode.toString(url, { type: "terminal", small: true }));
    });

  pair
    .command("list")
    .description("paired devices / 已配对的设备")
    .option("--json", "machine-readable")
    .action(async (options: { json?: boolean }) => {
      const app = await createGuimiApp({ dataDir: ctx.dataDir(), withoutModel: true });
      try {
        const devices = app.devices.list();
        // `pair list --json`: commander may hand --json to the parent command, which has one too.
        if (options.json || (pair.opts() as { json?: boolean }).json) ctx.stdout.write(JSON.stringify(devices) + "\n");
        else if (devices.length === 0) ctx.stdout.write("no paired devices · 还没有配对的设备\n");
        else for (const d of devices) ctx.stdout.write(`${d.id.padEnd(12)} ${d.name.padEnd(16)} paired ${d.createdAt}  last seen ${d.lastSeenAt ?? "never"}\n`);
      } finally {
        await app.close();
      }
    });

  pair
    .command("revoke")
    .description("revoke a device: its token stops working and its open connections close / 取消配对")
    .argument("<id>", "the device id from `guimi pair list`")
    .action(async (id: string) => {
      const parsed = deviceIdSchema.safeParse(id);
      if (!parsed.success) throw new InputError(`id: ${parsed.error.issues[0]?.message ?? "not a device id"}`);
      const daemon = await findRunningDaemon(dataPaths(ctx.dataDir()).daemon);
      if (daemon) {
        // The running daemon revokes it, so its open WebSockets close now.
        const response = await fetch(new URL(`api/v1/devices/${parsed.data}`, daemon.url), { method: "DELETE" });
        if (response.status === 404) throw new NotFoundError(`no device ${parsed.data}`);
        if (!response.ok) throw new GuimiError(`the daemon refused: HTTP ${response.status}`, "unavailable");
      } else {
        const app = await createGuimiApp({ dataDir: ctx.dataDir(), withoutModel: true });
        try {
          if (!app.devices.revoke(parsed.data)) throw new NotFoundError(`no device ${parsed.data}`);
        } finally {
          await app.close();
        }
      }
      ctx.stdout.write(`revoked ${parsed.data} · 已取消配对\n`);
    });
}
