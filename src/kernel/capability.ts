// The one shape every capability has. A capability is one folder exporting one `CapabilityModule`
// value; the composition root mounts it with its dependencies, and the server and the conversation read
// what it contributes. Nothing here knows about `app/`, `server/` or `cli/`.
import type { z } from "zod";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { MigrationSet } from "../storage/database.js";
import type { DataCategory } from "./data-category.js";
import type { ApiRouter } from "./http.js";
import type { IntentHandler, TurnInput } from "./intent.js";

/** One action a capability offers: the same registry feeds the fast path, LLM tool calling and MCP. */
export interface Tool<Input = unknown> {
  /** snake_case, stable: other agents call it by this name. */
  name: string;
  description: string;
  input: z.ZodType<Input>;
  run(input: Input): Promise<unknown> | unknown;
}

/** What a mounted capability contributes. Every field is optional. */
export interface Capability {
  name: string;
  /** Routes under /api/v1, built on the router type the server provides. */
  routes?: (api: ApiRouter) => void;
  /**
   * Perception of her words: run after her message is stored and before the fast path, awaited, so the reply
   * already sees what it found (text emotion into the mood). The event bus is for what may happen later.
   */
  perceive?: (turn: TurnInput) => void | Promise<void>;
  /** Fast-path skills, tried in order after the core ones (crisis always first). */
  intents?: IntentHandler[];
  /** After-turn work, once she has her answer (memory learns here, so a turn never recalls itself). */
  afterTurn?: (turn: TurnInput, reply: { source: string }) => void;
  tools?: Tool[];
  /** Kinds of data it keeps, for 我的数据 (view, delete, export, erase). */
  dataCategories?: DataCategory[];
  /** What it can do right now, honestly (for /api/v1/status and the page): installed models, devices… */
  status?: () => Record<string, unknown>;
  /** Background work of a running device (listening, connections); never started by one-shot commands. */
  start?: () => void | Promise<void>;
  /** WebSocket endpoints of its own (e.g. /api/v1/voice); the daemon hands it upgrades for that path, after auth. */
  upgrades?: { path: string; handle(request: IncomingMessage, socket: Duplex, head: Buffer): void }[];
  stop?: () => void | Promise<void>;
  /** The app is closing: release listeners and handles, so nothing reaches its database afterwards. */
  close?: () => void | Promise<void>;
}

/** The one value a capability folder exports: its migrations, and how to build it from its dependencies. */
export interface CapabilityModule<Deps, C extends Capability = Capability> {
  name: string;
  migrations?: MigrationSet;
  create(deps: Deps): C;
}

export function defineCapability<Deps, C extends Capability = Capability>(module: CapabilityModule<Deps, C>): CapabilityModule<Deps, C> {
  return module;
}
