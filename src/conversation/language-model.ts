// The LanguageModel port: what the conversation and extraction code need from any LLM runtime.
// Adapters: node-llama-cpp (on-device, default) and an OpenAI-compatible HTTP client (opt-in).

/** The JSON-schema subset that can be turned into a generation grammar (node-llama-cpp's GBNF schemas). */
export type JsonSchema =
  | { type: "string"; minLength?: number; maxLength?: number; description?: string }
  | { type: "number" | "integer" | "boolean" | "null"; description?: string }
  | { enum: readonly (string | number | boolean | null)[]; description?: string }
  | { const: string | number | boolean | null; description?: string }
  | { type: "array"; items: JsonSchema; minItems?: number; maxItems?: number; description?: string }
  | {
      type: "object";
      properties: Readonly<Record<string, JsonSchema>>;
      required?: readonly string[];
      additionalProperties?: false;
      description?: string;
    }
  | { oneOf: readonly JsonSchema[]; description?: string };

export interface ChatTurn {
  role: "user" | "assistant";
  text: string;
}

/** One action the model may call during a turn: its name, what it does, and its arguments' schema. */
export interface ToolSpec {
  name: string;
  description: string;
  /** An object schema, in the subset that can become a generation grammar. */
  parameters: JsonSchema & { type: "object" };
}

/** What a tool call gave back: its result, or an error the model reads (a call never throws into the turn). */
export type ToolOutcome = { ok: true; result: unknown } | { ok: false; error: string };

/** The tools offered for one turn and how to run them; the adapter runs the model ⇄ tool loop. */
export interface TurnTools {
  specs: readonly ToolSpec[];
  call(name: string, args: unknown): Promise<ToolOutcome>;
  /** Rounds of calls before the model must answer in words. */
  maxRounds: number;
  /** "required": the first step must be a call (forced by grammar on-device, tool_choice remotely). Default "auto". */
  choice?: "auto" | "required";
}

export interface ToolCallRecord {
  name: string;
  ok: boolean;
  error?: string;
}

export interface StreamOptions {
  signal?: AbortSignal;
  maxTokens?: number;
  onDelta?: (text: string) => void;
  /** Optional tool calling for this turn; adapters without it answer in words only. */
  tools?: TurnTools;
}

export interface StreamResult {
  text: string;
  /** "stop": the model ended its turn; "length": hit maxTokens; "cancelled": aborted by signal. */
  finish: "stop" | "length" | "cancelled";
  tokens: number;
  /** The tool calls made during this turn, in order (absent when no tools were offered). */
  toolCalls?: ToolCallRecord[];
}

/** One live conversation context: each turn only evaluates its new tokens. */
export interface ChatContext {
  /** Generates the assistant's reply to `userText`, appending both to the live history. */
  reply(userText: string, options?: StreamOptions): Promise<StreamResult>;
  /**
   * Evaluates the start of the next user turn (the chat template's header) while she is reading,
   * so her next message pays only for its own tokens. Optional: remote models have nothing to warm.
   */
  prewarm?(signal?: AbortSignal): Promise<void>;
  /** Share of the context window in use (0..1), to decide when to compact. */
  usage(): number;
  /** Replaces the history, e.g. older turns by a summary. The next turn re-evaluates only what changed. */
  setHistory(summary: string | null, turns: ChatTurn[]): Promise<void>;
  history(): ChatTurn[];
  dispose(): void;
}

export interface ChatContextOptions {
  systemPrompt: string;
  /** Earlier turns to restore (e.g. after a restart), oldest first. */
  history?: ChatTurn[];
  summary?: string | null;
}

export interface JsonRequest {
  system?: string;
  prompt: string;
  schema: JsonSchema;
  maxTokens?: number;
  signal?: AbortSignal;
}

export interface LanguageModel {
  /** A short name for status output, e.g. "qwen2.5-0.5b-instruct-q4_k_m.gguf" or "openai:gpt-4o-mini". */
  readonly id: string;
  openChat(options: ChatContextOptions): Promise<ChatContext>;
  /** Schema-constrained JSON generation, for extraction; returns parsed JSON matching `schema`. */
  generateJson(request: JsonRequest): Promise<unknown>;
  dispose(): Promise<void>;
}
