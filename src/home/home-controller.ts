// The HomeController port: what Guimi can do to her home, and two adapters for Home Assistant — its
// MCP server (/api/mcp, the Assist tools HassTurnOn, HassTurnOff, HassLightSet, GetLiveContext) and
// its REST API as the fallback. Every request goes through the outbound gate (`fetch` passed in).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { z } from "zod";
import { VERSION } from "../version.js";

export interface HomeEntity {
  /** Her name for it in Home Assistant (first of its aliases). */
  name: string;
  aliases: string[];
  domain: string;
  areas: string[];
  state: string | null;
  /** 0–255 as Home Assistant keeps it, when the light said. */
  brightness: number | null;
  /** Known to the REST adapter; the MCP tools address entities by name. */
  entityId?: string;
}

export interface HomeController {
  readonly kind: "home-assistant-mcp" | "home-assistant-rest";
  entities(): Promise<HomeEntity[]>;
  turnOn(entity: HomeEntity): Promise<void>;
  turnOff(entity: HomeEntity): Promise<void>;
  /** Brightness in percent (1–100). */
  setBrightness(entity: HomeEntity, percent: number): Promise<void>;
  /** °C, for a climate entity. */
  setTemperature(entity: HomeEntity, celsius: number): Promise<void>;
  pause(entity: HomeEntity): Promise<void>;
  resume(entity: HomeEntity): Promise<void>;
  /** One entity's state by id (her phone's `sensor.<phone>_next_alarm`), through the REST API; null when unknown. */
  readState(entityId: string): Promise<string | null>;
  close(): Promise<void>;
}

/** GET /api/states/<id>: the one REST call both adapters share (HA's MCP tools do not read sensors by id). */
async function readRestState(options: { url: string; token: string; fetch: FetchLike }, entityId: string): Promise<string | null> {
  const response = await options.fetch(new URL(`/api/states/${encodeURIComponent(entityId)}`, options.url), {
    headers: { Authorization: `Bearer ${options.token}` },
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`Home Assistant /api/states/${entityId}: HTTP ${response.status}`);
  const parsed = z.object({ state: z.string() }).safeParse(await response.json());
  return parsed.success ? parsed.data.state : null;
}

export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

const unquote = (value: string) => value.trim().replace(/^(['"])(.*)\1$/, "$2");
const list = (value: string | undefined) =>
  value
    ? unquote(value)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

/**
 * GetLiveContext's overview: YAML, one "- names: …" block per exposed entity with domain, state,
 * areas and attributes. Only the fields Guimi uses are read; anything else is skipped.
 */
export function parseLiveContext(text: string): HomeEntity[] {
  const entities: HomeEntity[] = [];
  let current: Record<string, string> | null = null;
  let inAttributes = false;
  const flush = () => {
    if (!current?.names || !current.domain) return;
    const aliases = list(current.names);
    const brightness = current["attributes.brightness"] !== undefined ? Number(unquote(current["attributes.brightness"])) : NaN;
    entities.push({
      name: aliases[0]!,
      aliases,
      domain: unquote(current.domain),
      areas: list(current.areas),
      state: current.state !== undefined ? unquote(current.state) : null,
      brightness: Number.isFinite(brightness) ? brightness : null,
    });
  };
  for (const line of text.split(/\r?\n/)) {
    const item = /^- (\w+):\s*(.*)$/.exec(line);
    if (item) {
      flush();
      current = { [item[1]!]: item[2]! };
      inAttributes = false;
      continue;
    }
    if (!current) continue;
    const field = /^ {2}(\w+):\s*(.*)$/.exec(line);
    if (field) {
      inAttributes = field[1] === "attributes";
      if (!inAttributes) current[field[1]!] = field[2]!;
      continue;
    }
    const attribute = /^ {4}(\w+):\s*(.*)$/.exec(line);
    if (attribute && inAttributes) current[`attributes.${attribute[1]}`] = attribute[2]!;
  }
  flush();
  return entities;
}

const toolText = (result: unknown): string => {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content
    .filter((c) => c.type === "text")
    .map((c) => c.text ?? "")
    .join("\n");
};

/** HA wraps tool results as {"success": true, "result": …}; errors come back as isError or success false. */
function checkResult(tool: string, result: unknown): string {
  const text = toolText(result);
  if ((result as { isError?: boolean }).isError) throw new Error(`Home Assistant ${tool}: ${text.slice(0, 200)}`);
  try {
    const parsed = JSON.parse(text) as { success?: boolean; result?: unknown; error?: unknown };
    if (parsed.success === false) throw new Error(`Home Assistant ${tool}: ${JSON.stringify(parsed.error ?? parsed).slice(0, 200)}`);
    if (typeof parsed.result === "string") return parsed.result;
    return text;
  } catch (error) {
    if (error instanceof SyntaxError) return text;
    throw error;
  }
}

/** Home Assistant's MCP server, over Streamable HTTP with her long-lived token. */
export async function connectHomeAssistantMcp(options: { url: string; token: string; fetch: FetchLike }): Promise<HomeController> {
  const client = new Client({ name: "guimi", version: VERSION });
  const transport = new StreamableHTTPClientTransport(new URL("/api/mcp", options.url), {
    requestInit: { headers: { Authorization: `Bearer ${options.token}` } },
    fetch: options.fetch,
  });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const names = new Set(tools.map((t) => t.name));
  for (const needed of ["GetLiveContext", "HassTurnOn", "HassTurnOff"]) {
    if (!names.has(needed)) {
      await client.close();
      throw new Error(`Home Assistant's MCP server has no ${needed} tool (is the Assist API exposed to it?)`);
    }
  }
  const call = async (name: string, args: Record<string, unknown>) => checkResult(name, await client.callTool({ name, arguments: args }));
  return {
    kind: "home-assistant-mcp",
    async entities() {
      return parseLiveContext(await call("GetLiveContext", {}));
    },
    async turnOn(entity) {
      await call("HassTurnOn", { name: entity.name, domain: [entity.domain] });
    },
    async turnOff(entity) {
      await call("HassTurnOff", { name: entity.name, domain: [entity.domain] });
    },
    async setBrightness(entity, percent) {
      if (!names.has("HassLightSet")) throw new Error("Home Assistant's MCP server has no HassLightSet tool");
      await call("HassLightSet", { name: entity.name, brightness: Math.round(percent) });
    },
    async setTemperature(entity, celsius) {
      await call("HassClimateSetTemperature", { name: entity.name, temperature: celsius });
    },
    async pause(entity) {
      await call("HassMediaPause", { name: entity.name });
    },
    async resume(entity) {
      await call("HassMediaUnpause", { name: entity.name });
    },
    readState: (entityId) => readRestState(options, entityId),
    close: () => client.close(),
  };
}

const restState = z.object({ entity_id: z.string(), state: z.string(), attributes: z.record(z.string(), z.unknown()).default({}) });

/** The REST API (/api/states, /api/services/…): no areas, entities by their friendly names. */
export async function connectHomeAssistantRest(options: { url: string; token: string; fetch: FetchLike }): Promise<HomeController> {
  const headers = { Authorization: `Bearer ${options.token}`, "content-type": "application/json" };
  const api = async (path: string, init?: RequestInit) => {
    const response = await options.fetch(new URL(path, options.url), { ...init, headers });
    if (!response.ok) throw new Error(`Home Assistant ${path}: HTTP ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  const check = await api("/api/");
  if (!(check && typeof check === "object" && "message" in check)) throw new Error("not a Home Assistant API");
  const service = (domain: string, action: string, body: Record<string, unknown>) =>
    api(`/api/services/${domain}/${action}`, { method: "POST", body: JSON.stringify(body) });
  return {
    kind: "home-assistant-rest",
    async entities() {
      const states = z.array(restState).parse(await api("/api/states"));
      return states.map((s) => {
        const domain = s.entity_id.split(".")[0]!;
        const name = typeof s.attributes.friendly_name === "string" ? s.attributes.friendly_name : s.entity_id;
        const brightness = typeof s.attributes.brightness === "number" ? s.attributes.brightness : null;
        return { name, aliases: [name], domain, areas: [], state: s.state, brightness, entityId: s.entity_id };
      });
    },
    async turnOn(entity) {
      await service(entity.domain === "scene" ? "scene" : "homeassistant", "turn_on", { entity_id: entity.entityId });
    },
    async turnOff(entity) {
      await service("homeassistant", "turn_off", { entity_id: entity.entityId });
    },
    async setBrightness(entity, percent) {
      await service("light", "turn_on", { entity_id: entity.entityId, brightness_pct: Math.round(percent) });
    },
    async setTemperature(entity, celsius) {
      await service("climate", "set_temperature", { entity_id: entity.entityId, temperature: celsius });
    },
    async pause(entity) {
      await service("media_player", "media_pause", { entity_id: entity.entityId });
    },
    async resume(entity) {
      await service("media_player", "media_play", { entity_id: entity.entityId });
    },
    readState: (entityId) => readRestState(options, entityId),
    close: async () => undefined,
  };
}
