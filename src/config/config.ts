// Guimi's configuration: where its data lives and the user's choices, validated with zod at the edge.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { formatZodError, InputError } from "../errors.js";

export const DEFAULT_PORT = 7420;

const outboundSchema = z
  .object({
    /** Downloading a model the user asked for with `guimi model pull`. */
    modelDownload: z.boolean().default(true),
    /** Sending conversation text to a remote OpenAI-compatible server. Off until she turns it on. */
    remoteLlm: z.boolean().default(false),
    /** Asking a weather service for the forecast at her location. */
    weather: z.boolean().default(false),
    /** Talking to her Home Assistant (lights, scenes, phone sensors) at the address she set. */
    homeAssistant: z.boolean().default(false),
    /** An MQTT broker on another machine (`mqtt.url`); a broker on this device is not outbound. */
    mqttBroker: z.boolean().default(false),
    /** Internet radio: Radio Browser's open directory, and the stations' streams. Off until she turns it on. */
    radio: z.boolean().default(false),
  })
  .strict();

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default("127.0.0.1"),
        port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
        /**
         * Extra names the device answers to (besides loopback, its own addresses and hostname), e.g.
         * "guimi.home.arpa". A request for any other Host is refused, so a rebinding page cannot read her data.
         */
        allowedHosts: z
          .array(
            z
              .string()
              .regex(/^[A-Za-z0-9.-]{1,253}$/, "expected a host name such as guimi.home.arpa")
              .transform((h) => h.toLowerCase().replace(/\.$/, "")),
          )
          .max(32)
          .default([]),
      })
      .strict()
      .prefault({}),
    model: z
      .object({
        /** A GGUF file to use instead of the catalog model. */
        path: z.string().min(1).optional(),
        /** The catalog id of the installed model in use. */
        active: z.string().min(1).optional(),
        /** CPU threads for inference; measured best by `guimi bench latency` when unset. */
        threads: z.number().int().min(1).max(256).optional(),
        contextSize: z.number().int().min(256).max(131072).default(4096),
        maxReplyTokens: z.number().int().min(1).max(4096).default(200),
        gpu: z.enum(["auto", "off"]).default("auto"),
      })
      .strict()
      .prefault({}),
    llm: z
      .object({
        provider: z.enum(["local", "openai-compatible"]).default("local"),
        openai: z
          .object({
            baseUrl: z.string().url(),
            model: z.string().min(1),
            /** Name of the environment variable holding the API key (keys are never written to disk by Guimi). */
            apiKeyEnv: z.string().min(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    memory: z
      .object({
        /** A GGUF sentence-embedding model (a path, or an installed catalog id such as bge-small-zh-v1.5-q8_0) for memory search. */
        embeddingModel: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    outbound: outboundSchema.prefault({}),
    /** The home bus (`guimi start`): the embedded broker on `port`, or an external broker at `url`. */
    mqtt: z
      .object({
        enabled: z.boolean().default(true),
        port: z.number().int().min(0).max(65535).default(1883),
        /** mqtt://, mqtts://, ws:// or wss:// URL of an external broker (mosquitto, EMQX) instead of the embedded one. */
        url: z
          .string()
          .regex(/^(mqtts?|wss?):\/\/[^\s]+$/, "expected mqtt://host:port (or mqtts://, ws://, wss://)")
          .optional(),
        username: z.string().min(1).max(200).optional(),
        /** Name of the environment variable holding the external broker's password (never written to disk). */
        passwordEnv: z.string().min(1).optional(),
        /** The embedded broker also listens on the LAN (clients then need the credentials from `guimi pair`). */
        lan: z.boolean().default(false),
        /** The id in guimi/<device-id>/…; generated once when unset. */
        deviceId: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/, "expected 1–64 letters, digits, - or _")
          .optional(),
        discoveryPrefix: z.string().min(1).max(100).default("homeassistant"),
      })
      .strict()
      .prefault({}),
    /** Her Home Assistant, as the maker set it up; she can set or change it on the device (PUT /api/v1/home/assistant). */
    homeAssistant: z
      .object({
        url: z.string().url().optional(),
        /** Name of the environment variable holding a long-lived access token. */
        tokenEnv: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    media: z
      .object({
        /** Where sound goes: "auto" (mpv, the default device), "mpv-null" (mpv, no device), "null" (no player process), "page" (the touchscreen page plays). GUIMI_AUDIO_OUT wins. */
        audioOut: z.enum(["auto", "mpv-null", "null", "page"]).default("auto"),
        /** Music folders (USB drives, NAS mounts) scanned when the device starts. */
        musicDirs: z.array(z.string().min(1).max(4096)).max(32).default([]),
      })
      .strict()
      .prefault({}),
    /** IANA time zone for times of day; defaults to the system's. */
    timeZone: z.string().min(1).optional(),
  })
  .strict();

export type GuimiConfig = z.infer<typeof configSchema>;
export type OutboundPermissions = z.infer<typeof outboundSchema>;

export interface DataPaths {
  dataDir: string;
  database: string;
  config: string;
  persona: string;
  models: string;
  cache: string;
  daemon: string;
}

/** --data-dir wins, then GUIMI_HOME, then ~/.guimi. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.GUIMI_HOME ?? join(homedir(), ".guimi"));
}

export function dataPaths(dataDir: string): DataPaths {
  return {
    dataDir,
    database: join(dataDir, "guimi.db"),
    config: join(dataDir, "config.json"),
    persona: join(dataDir, "persona.json"),
    models: join(dataDir, "models"),
    cache: join(dataDir, "cache"),
    daemon: join(dataDir, "daemon.json"),
  };
}

export function ensureDataDir(paths: DataPaths): void {
  for (const dir of [paths.dataDir, paths.models, paths.cache]) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export function parseConfig(raw: unknown, source = "config"): GuimiConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new InputError(`${source}: ${formatZodError(result.error)}`);
  return result.data;
}

export function loadConfig(paths: DataPaths): GuimiConfig {
  if (!existsSync(paths.config)) return parseConfig({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(paths.config, "utf8"));
  } catch (error) {
    throw new InputError(`${paths.config}: not valid JSON (${(error as Error).message})`);
  }
  return parseConfig(raw, paths.config);
}

/** Writes atomically (temp file + rename) so a crash never leaves a half-written config. */
export function saveConfig(paths: DataPaths, config: GuimiConfig): void {
  const checked = parseConfig(config);
  const tmp = `${paths.config}.tmp`;
  writeFileSync(tmp, JSON.stringify(checked, null, 2) + "\n", { mode: 0o600 });
  renameSync(tmp, paths.config);
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
