// A stand-in for Home Assistant that tests start on loopback: its MCP server at /api/mcp with the
// Assist tool names (GetLiveContext, HassTurnOn, HassTurnOff, HassLightSet) and the REST API, both
// behind a bearer token, over a small in-memory home. It records every call so tests can check.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

export interface FakeEntity {
  entityId: string;
  name: string;
  area: string | null;
  state: string;
  brightness?: number;
  temperature?: number;
}

export interface FakeHomeAssistant {
  url: string;
  token: string;
  entities: FakeEntity[];
  calls: { via: "mcp" | "rest"; tool: string; args: Record<string, unknown> }[];
  close(): Promise<void>;
}

const ok = (result: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify({ success: true, result }) }] });
const fail = (message: string) => ({ content: [{ type: "text" as const, text: JSON.stringify({ success: false, error: message }) }], isError: true });

function liveContext(entities: FakeEntity[]): string {
  const blocks = entities.map((e) => {
    const lines = [`- names: ${e.name}`, `  domain: ${e.entityId.split(".")[0]}`, `  state: '${e.state}'`];
    if (e.area) lines.push(`  areas: ${e.area}`);
    if (e.brightness !== undefined) lines.push("  attributes:", `    brightness: '${e.brightness}'`);
    return lines.join("\n");
  });
  return `Live Context: An overview of the areas and the devices in this smart home:\n${blocks.join("\n")}\n`;
}

async function body(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export async function startFakeHomeAssistant(options: { entities: FakeEntity[]; token?: string; mcp?: boolean }): Promise<FakeHomeAssistant> {
  const token = options.token ?? "long-lived-test-token";
  const entities = options.entities;
  const calls: FakeHomeAssistant["calls"] = [];
  const find = (args: { name?: string; area?: string; domain?: string[] }) =>
    entities.filter(
      (e) =>
        (!args.domain || args.domain.includes(e.entityId.split(".")[0]!)) &&
        (args.name ? e.name.toLowerCase() === args.name.toLowerCase() : true) &&
        (args.area ? e.area?.toLowerCase() === args.area.toLowerCase() : true) &&
        (args.name || args.area),
    );

  function mcpServer(): McpServer {
    const server = new McpServer({ name: "home-assistant", version: "2025.6.0" });
    const target = {
      name: z.string().optional(),
      area: z.string().optional(),
      floor: z.string().optional(),
      domain: z.array(z.string()).optional(),
      device_class: z.array(z.string()).optional(),
    };
    server.registerTool("GetLiveContext", { description: "Provides real-time information about the CURRENT state of devices", inputSchema: {} }, () => {
      calls.push({ via: "mcp", tool: "GetLiveContext", args: {} });
      return ok(liveContext(entities));
    });
    for (const [tool, state] of [
      ["HassTurnOn", "on"],
      ["HassTurnOff", "off"],
    ] as const) {
      server.registerTool(tool, { description: `Turns ${state} a device or entity`, inputSchema: target }, (args) => {
        calls.push({ via: "mcp", tool, args });
        const matched = find(args);
        if (matched.length === 0) return fail("MatchFailedError: no entity matched");
        for (const e of matched) e.state = e.entityId.startsWith("scene.") ? "activated" : state;
        return ok({ success: matched.map((e) => ({ name: e.name, type: "entity", id: e.entityId })) });
      });
    }
    server.registerTool(
      "HassLightSet",
      {
        description: "Sets the brightness or color of a light",
        inputSchema: { ...target, brightness: z.number().int().min(0).max(100).optional(), color: z.string().optional() },
      },
      (args) => {
        calls.push({ via: "mcp", tool: "HassLightSet", args });
        const matched = find({ ...args, domain: ["light"] });
        if (matched.length === 0) return fail("MatchFailedError: no light matched");
        for (const e of matched) {
          e.brightness = Math.round(((args.brightness ?? 100) / 100) * 255);
          e.state = e.brightness > 0 ? "on" : "off";
        }
        return ok({ success: matched.map((e) => ({ name: e.name })) });
      },
    );
    server.registerTool(
      "HassClimateSetTemperature",
      { description: "Sets the desired indoor temperature", inputSchema: { ...target, temperature: z.number() } },
      (args) => {
        calls.push({ via: "mcp", tool: "HassClimateSetTemperature", args });
        const matched = find({ ...args, domain: ["climate"] });
        if (matched.length === 0) return fail("MatchFailedError: no climate entity matched");
        for (const e of matched) e.temperature = args.temperature;
        return ok({ success: matched.map((e) => ({ name: e.name })) });
      },
    );
    for (const [tool, state] of [
      ["HassMediaPause", "paused"],
      ["HassMediaUnpause", "playing"],
    ] as const) {
      server.registerTool(tool, { description: `Media player to ${state}`, inputSchema: target }, (args) => {
        calls.push({ via: "mcp", tool, args });
        const matched = find({ ...args, domain: ["media_player"] });
        if (matched.length === 0) return fail("MatchFailedError: no media player matched");
        for (const e of matched) e.state = state;
        return ok({ success: matched.map((e) => ({ name: e.name })) });
      });
    }
    return server;
  }

  const http: Server = createServer((request, response) => {
    void (async () => {
      if (request.headers.authorization !== `Bearer ${token}`) {
        response.writeHead(401, { "content-type": "text/plain" }).end("401: Unauthorized");
        return;
      }
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname === "/api/mcp") {
        if (options.mcp === false) return void response.writeHead(404).end("404: Not Found");
        // Stateless, as Home Assistant's server is: a fresh server and transport per request.
        const server = mcpServer();
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        response.on("close", () => void transport.close().then(() => server.close()));
        await server.connect(transport);
        await transport.handleRequest(request, response, request.method === "POST" ? await body(request) : undefined);
        return;
      }
      const json = (status: number, value: unknown) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (url.pathname === "/api/") return json(200, { message: "API running." });
      if (url.pathname === "/api/states") {
        return json(
          200,
          entities.map((e) => ({
            entity_id: e.entityId,
            state: e.state,
            attributes: { friendly_name: e.name, ...(e.brightness !== undefined ? { brightness: e.brightness } : {}) },
          })),
        );
      }
      const one = /^\/api\/states\/([\w.]+)$/.exec(url.pathname);
      if (one) {
        const e = entities.find((x) => x.entityId === one[1]);
        return e ? json(200, { entity_id: e.entityId, state: e.state, attributes: { friendly_name: e.name } }) : json(404, { message: "Entity not found." });
      }
      const service = /^\/api\/services\/(\w+)\/(\w+)$/.exec(url.pathname);
      if (service && request.method === "POST") {
        const args = ((await body(request)) ?? {}) as { entity_id?: string; brightness_pct?: number; temperature?: number };
        calls.push({ via: "rest", tool: `${service[1]}.${service[2]}`, args });
        const e = entities.find((x) => x.entityId === args.entity_id);
        if (!e) return json(400, { message: "Entity not found" });
        if (service[2] === "turn_off") e.state = "off";
        else if (service[2] === "media_pause") e.state = "paused";
        else if (service[2] === "media_play") e.state = "playing";
        else if (service[2] === "set_temperature") e.temperature = args.temperature;
        else {
          e.state = e.entityId.startsWith("scene.") ? "activated" : "on";
          if (args.brightness_pct !== undefined) e.brightness = Math.round((args.brightness_pct / 100) * 255);
        }
        return json(200, []);
      }
      return json(404, { message: "not found" });
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    entities,
    calls,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
