// /api/v1/devices: the devices paired with Guimi. Issuing a token is for this device's own screen or
// CLI only (a paired phone cannot mint more); listing and revoking are for any paired client.
import { z } from "zod";
import type { RouteModule } from "./http-api.js";
import { readJson } from "../kernel/http.js";
import { describeApiPaths, jsonBody } from "./openapi.js";
import { GuimiError, InputError, NotFoundError } from "../errors.js";
import { deviceIdSchema, deviceNameSchema } from "../pairing/device-registry.js";
import { pairingQrSvg, pairingUrl } from "../pairing/pairing-url.js";
import { DOWNLOADABLE, downloadLinksFor, LINK_TTL_MS } from "./download-links.js";

const issueSchema = z.object({ name: deviceNameSchema }).strict();
const downloadSchema = z.object({ path: z.enum(DOWNLOADABLE) }).strict();

describeApiPaths({
  "/downloads": {
    post: {
      summary: `A one-time link for a download a browser starts (her export, her reminders as .ics), for a paired device: it works once, for ${LINK_TTL_MS / 1000} s, and carries no token`,
      requestBody: jsonBody(downloadSchema),
      responses: { "200": { description: "{url: /api/v1/…?dl=<ticket>, expiresAt}" }, "400": { description: "not a downloadable path" } },
    },
  },
  "/devices": {
    get: { summary: "Paired devices: id, name, when paired, when last seen (never their tokens)", responses: { "200": { description: "{devices}" } } },
    post: {
      summary: "Pair a new device (from this device's own screen or CLI only): its token is in the answer, once",
      requestBody: jsonBody(issueSchema),
      responses: {
        "200": { description: "{device, token, url (the pairing address), qrSvg (its QR code)}" },
        "403": { description: "asked from another device" },
      },
    },
  },
  "/devices/{id}": {
    delete: {
      summary: "Revoke a device: its token stops working and its open connections close",
      responses: { "200": { description: "revoked" }, "404": { description: "no such device" } },
    },
  },
});

export const deviceRoutes: RouteModule = (api, app) => {
  api.post("/downloads", async (c) => {
    const { path } = await readJson(c, downloadSchema);
    const client = c.get("client");
    // This device's own screen needs no ticket (loopback needs no token): the plain address is its link.
    if (client?.kind !== "device") return c.json({ url: `/api/v1${path}`, expiresAt: null });
    const link = downloadLinksFor(app).issue(path, client.device);
    return c.json({ url: link.url, expiresAt: link.expiresAt.toISOString() });
  });
  api.get("/devices", (c) => c.json({ devices: app.devices.list() }));
  api.post("/devices", async (c) => {
    if (c.get("client")?.kind !== "local")
      throw new GuimiError("a new device is paired from Guimi's own screen or `guimi pair --name <device>` / 请在本机上配对", "refused");
    const { name } = await readJson(c, issueSchema);
    const issued = app.devices.issue(name);
    const url = pairingUrl(issued.token, c.env?.incoming?.socket?.localPort ?? app.config.server.port);
    return c.json({ ...issued, url, qrSvg: await pairingQrSvg(url) });
  });
  api.delete("/devices/:id", (c) => {
    const id = deviceIdSchema.safeParse(c.req.param("id"));
    if (!id.success) throw new InputError(`id: ${id.error.issues[0]?.message ?? "not a device id"}`);
    if (!app.devices.revoke(id.data)) throw new NotFoundError(`no device ${id.data}`);
    return c.json({ revoked: true });
  });
};
