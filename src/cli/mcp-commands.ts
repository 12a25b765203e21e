// `guimi mcp`: Guimi's tools over MCP on stdio, for an assistant on this computer (Claude Desktop,
// an IDE). When the daemon is running it relays to the daemon's /api/v1/mcp, so what it says appears
// on the device at once; otherwise it opens the data dir itself.
import { join } from "node:path";
import type { Command } from "commander";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CliContext } from "./main.js";
import { createGuimiApp } from "../app/guimi-app.js";
import { allTools } from "../app/core-tools.js";
import { createGuimiMcpServer } from "../mcp/mcp-server.js";
import { dataPaths } from "../config/config.js";
import { openDatabase } from "../storage/database.js";
import { createDeviceRegistry } from "../pairing/device-registry.js";
import { findRunningDaemon } from "../server/daemon.js";

function untilStdinEnds(stdin: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stdin.once("end", resolve);
    stdin.once("close", resolve);
  });
}

export function registerMcpCommands(program: Command, ctx: CliContext): void {
  program
    .command("mcp")
    .description("Guimi's tools (reminders, memory, mood, say, care settings, home) as an MCP server on stdio / 以 MCP 提供小蜜的工具")
    .action(async () => {
      const paths = dataPaths(ctx.dataDir());
      const daemon = await findRunningDaemon(paths.daemon);
      const stdio = new StdioServerTransport(ctx.stdin as NodeJS.ReadStream, ctx.stdout as NodeJS.WriteStream);
      if (daemon) {
        // The device "default" token, through the same registry the daemon checks (written and recorded if new).
        const db = openDatabase(paths.database, []);
        let token: string;
        try {
          token = createDeviceRegistry({ db, tokenFile: join(paths.dataDir, "pairing-token") }).defaultToken();
        } finally {
          db.close();
        }
        const http = new StreamableHTTPClientTransport(new URL("api/v1/mcp", daemon.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
        // A relay: every message from the assistant goes to the daemon, every answer comes back.
        stdio.onmessage = (message) =>
          void http.send(message).catch((error: unknown) => {
            ctx.stderr.write(`guimi mcp: ${(error as Error).message}\n`);
            // A request still gets its answer, so the assistant does not wait for a timeout.
            if ("id" in message && "method" in message)
              void stdio.send({
                jsonrpc: "2.0",
                id: message.id,
                error: { code: -32603, message: `the Guimi daemon did not answer: ${(error as Error).message}` },
              });
          });
        http.onmessage = (message) => void stdio.send(message);
        http.onerror = (error) => ctx.stderr.write(`guimi mcp: ${error.message}\n`);
        await http.start();
        await stdio.start();
        await untilStdinEnds(ctx.stdin);
        await http.close();
        await stdio.close();
        return;
      }
      const app = await createGuimiApp({ dataDir: ctx.dataDir(), withoutModel: true });
      const server = createGuimiMcpServer(allTools(app));
      await server.connect(stdio);
      await untilStdinEnds(ctx.stdin);
      await server.close();
      await app.close();
    });
}
