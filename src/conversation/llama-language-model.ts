// The on-device LanguageModel: node-llama-cpp. The model is loaded once; each conversation gets one
// live context whose KV cache keeps the persona prefix and every earlier turn, so a turn only
// evaluates its own new tokens.
import { GuimiError } from "../errors.js";
import { availableParallelism } from "node:os";
import { statSync } from "node:fs";
import type { ChatHistoryItem, ChatSessionModelFunctions, ChatWrapper, LlamaModel } from "node-llama-cpp";
import { getLlamaRuntime } from "../models/llama-runtime.js";
import type { ChatContext, ChatContextOptions, ChatTurn, JsonRequest, LanguageModel, StreamResult, ToolCallRecord, TurnTools } from "./language-model.js";
import { outcomeForModel } from "./tool-calling.js";

export interface LlamaModelOptions {
  modelPath: string;
  contextSize: number;
  /** Threads per evaluation; when unset, a choice by model size (see defaultThreads). */
  threads?: number;
  gpu: "auto" | "off";
}

/**
 * Small models lose more to thread synchronisation than they gain from parallelism on a small CPU
 * (measured: the 1.7 MB test model is ~100× faster on 1 thread than 2). Larger ones gain from more
 * threads, but llama.cpp's threads spin-wait on each other: when every core is in use and anything else
 * runs (perception, the page, the OS), a turn can take 30× longer (measured on 2 cores). So one core is
 * left free. `guimi bench latency` measures the real best for a model on this machine and remembers it.
 */
export function defaultThreads(modelBytes: number): number {
  if (modelBytes < 64 * 1024 * 1024) return 1;
  return Math.max(1, Math.min(availableParallelism() - 1, 8));
}

function toHistory(systemPrompt: string, summary: string | null | undefined, turns: ChatTurn[]): ChatHistoryItem[] {
  const items: ChatHistoryItem[] = [{ type: "system", text: systemPrompt }];
  if (summary) items.push({ type: "system", text: `[之前聊过 / earlier in this conversation] ${summary}` });
  for (const turn of turns) {
    items.push(turn.role === "user" ? { type: "user", text: turn.text } : { type: "model", response: [turn.text] });
  }
  return items;
}

function fromHistory(items: ChatHistoryItem[]): ChatTurn[] {
  const turns: ChatTurn[] = [];
  for (const item of items) {
    if (item.type === "user") turns.push({ role: "user", text: item.text });
    else if (item.type === "model") turns.push({ role: "assistant", text: item.response.filter((r): r is string => typeof r === "string").join("") });
  }
  return turns;
}

/**
 * The model's chat template, able to force the next step to be a function call: with `force()` on, the
 * rendered context ends in the template's call prefix with function mode engaged, so the grammar lets the
 * model write only a function name and its parameters (node-llama-cpp's "initially engaged" calls). It
 * turns itself off once a call is made, so the model then answers in words.
 */
function forcingChatWrapper(base: ChatWrapper, LlamaText: typeof import("node-llama-cpp").LlamaText) {
  let forced = false;
  const wrapper = new Proxy(base, {
    get(target, property) {
      if (property === "generateContextState") {
        return (options: Parameters<ChatWrapper["generateContextState"]>[0]) => {
          const state = target.generateContextState(options);
          const call = target.settings.functions?.call;
          if (!forced || !options.availableFunctions || !call) return state;
          return {
            contextText: LlamaText([state.contextText, call.prefix]),
            stopGenerationTriggers: state.stopGenerationTriggers,
            ...(state.ignoreStartText ? { ignoreStartText: state.ignoreStartText } : {}),
            functionCall: { initiallyEngaged: true, disengageInitiallyEngaged: [] },
          };
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    wrapper,
    force(on: boolean) {
      forced = on;
    },
  };
}

export async function loadLlamaLanguageModel(options: LlamaModelOptions): Promise<LanguageModel & { threads: number }> {
  const { LlamaChatSession, LlamaText, defineChatSessionFunction, resolveChatWrapper } = await import("node-llama-cpp");
  const llama = await getLlamaRuntime(options.gpu);
  const model: LlamaModel = await llama.loadModel({ modelPath: options.modelPath });
  const threads = options.threads ?? defaultThreads(statSync(options.modelPath).size);
  const contextSize = Math.min(options.contextSize, model.trainContextSize);
  const name = options.modelPath.split(/[\\/]/).pop() ?? options.modelPath;

  // Extraction gets its own small context so it never disturbs a conversation's cache.
  let jsonContext: Promise<import("node-llama-cpp").LlamaContext> | undefined;
  let jsonQueue: Promise<unknown> = Promise.resolve();

  return {
    id: name,
    threads,

    async openChat(chatOptions: ChatContextOptions): Promise<ChatContext> {
      const context = await model.createContext({ contextSize, threads, sequences: 1 });
      const sequence = context.getSequence();
      const forcing = forcingChatWrapper(resolveChatWrapper(model), LlamaText);
      const session = new LlamaChatSession({
        contextSequence: sequence,
        systemPrompt: chatOptions.systemPrompt,
        autoDisposeSequence: false,
        chatWrapper: forcing.wrapper,
      });
      /** The registry's tools as node-llama-cpp functions; each call is one round, bounded by maxRounds. */
      const functionsFor = (tools: TurnTools, calls: ToolCallRecord[]): ChatSessionModelFunctions => {
        const functions: Record<string, ChatSessionModelFunctions[string]> = {};
        for (const spec of tools.specs) {
          functions[spec.name] = defineChatSessionFunction({
            description: spec.description,
            params: spec.parameters as never,
            async handler(params: unknown) {
              forcing.force(false);
              if (calls.length >= tools.maxRounds) {
                calls.push({ name: spec.name, ok: false, error: "too many calls" });
                return { error: `no more actions in this turn (at most ${tools.maxRounds}); answer her in words now` };
              }
              const outcome = await tools.call(spec.name, params);
              calls.push({ name: spec.name, ok: outcome.ok, ...(outcome.ok ? {} : { error: outcome.error }) });
              return outcomeForModel(outcome) as never;
            },
          });
        }
        return functions;
      };
      if (chatOptions.history?.length || chatOptions.summary) {
        session.setChatHistory(toHistory(chatOptions.systemPrompt, chatOptions.summary, chatOptions.history ?? []));
      }
      let disposed = false;
      return {
        async reply(userText, { signal, maxTokens, onDelta, tools } = {}): Promise<StreamResult> {
          // A reply stopped before it began (a newer message came first) is simply cancelled, as with every adapter.
          if (signal?.aborted) return { text: "", finish: "cancelled", tokens: 0 };
          let tokens = 0;
          const toolCalls: ToolCallRecord[] = [];
          forcing.force(tools?.choice === "required");
          const result = await session
            .promptWithMeta(userText, {
              ...(tools ? { functions: functionsFor(tools, toolCalls), maxParallelFunctionCalls: 1 } : {}),
              signal,
              stopOnAbortSignal: true,
              maxTokens,
              temperature: 0.8,
              topP: 0.9,
              repeatPenalty: { penalty: 1.1 },
              onTextChunk: (chunk) => onDelta?.(chunk),
              onToken: (chunkTokens) => {
                tokens += chunkTokens.length;
              },
            })
            .catch((error: unknown) => {
              if (signal?.aborted) return null;
              throw error;
            })
            .finally(() => forcing.force(false));
          const made = tools ? { toolCalls } : {};
          if (!result) return { text: "", finish: "cancelled", tokens, ...made };
          const finish = result.stopReason === "abort" ? "cancelled" : result.stopReason === "maxTokens" ? "length" : "stop";
          return { text: result.responseText, finish, tokens, ...made };
        },
        async prewarm(signal) {
          await session.preloadPrompt("", { signal });
        },
        usage() {
          return sequence.nextTokenIndex / context.contextSize;
        },
        async setHistory(summary, turns) {
          session.setChatHistory(toHistory(chatOptions.systemPrompt, summary, turns));
          // Evaluate the new history now, while she is reading, so her next turn pays only for itself.
          await session.preloadPrompt("");
        },
        history() {
          return fromHistory(session.getChatHistory());
        },
        dispose() {
          if (disposed) return;
          disposed = true;
          session.dispose();
          void context.dispose();
        },
      };
    },

    async generateJson(request: JsonRequest): Promise<unknown> {
      const run = async () => {
        jsonContext ??= model.createContext({ contextSize: Math.min(2048, contextSize), threads, sequences: 1 });
        const context = await jsonContext;
        const grammar = await llama.createGrammarForJsonSchema(request.schema as never);
        const sequence = context.getSequence();
        const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: request.system ?? "Answer with JSON only." });
        try {
          const text = await session.prompt(request.prompt, {
            grammar,
            maxTokens: request.maxTokens ?? 512,
            signal: request.signal,
            temperature: 0,
          });
          try {
            return grammar.parse(text) as unknown;
          } catch (error) {
            // Usually the token budget ran out mid-value; callers fall back to their rule-based path.
            throw new GuimiError(`the model did not produce complete JSON within ${request.maxTokens ?? 512} tokens`, "unavailable", { cause: error });
          }
        } finally {
          session.dispose();
        }
      };
      const next = jsonQueue.then(run, run);
      jsonQueue = next.catch(() => undefined);
      return next;
    },

    async dispose() {
      if (jsonContext) await (await jsonContext).dispose();
      await model.dispose();
    },
  };
}
