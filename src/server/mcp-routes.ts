// MCP over Streamable HTTP at /api/v1/mcp: Guimi's tools for assistants on this device or a paired one.
// Always needs the pairing token (a web page on this device must not reach it), and the Host header
// must be an address or localhost, never a name, so DNS rebinding cannot reach it either.
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { RouteModule } from "./http-api.js";
import { createGuimiMcpServer } from "../mcp/mcp-server.js";
import { allTools } from "../app/core-tools.js";

/** localhost, or an IP literal (v4, or v6 in brackets), with an optional port. */
export function isSafeHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, "").toLowerCase();
  if (name === "localhost") return true;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return true;
  return /^\[[0-9a-f:.]+\]$/.test(name);
}

export const mcpRoutes: RouteModule = (api, app) => {
  api.all("/mcp", async (c) => {
    if (!isSafeHost(c.req.header("host"))) {
      return c.json({ jsonrpc: "2.0", error: { code: -32000, message: "Host not allowed (use the device's address or localhost)" }, id: null }, 403);
    }
    const token = c.req.header("authorization")?.replace(/^Bearer\s+/i, "");
    if (token !== app.pairingToken()) {
      return c.json(
        { jsonrpc: "2.0", error: { code: -32001, message: "send the pairing token from `guimi pair` as Authorization: Bearer <token>" }, id: null },
        401,
      );
    }
    // Stateless: a server and transport per request, answers as plain JSON.
    const server = createGuimiMcpServer(allTools(app));
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      void transport.close().then(() => server.close());
    }
  });
};
