// A scripted LanguageModel for tests: replies come from a function of the conversation, stream in small
// pieces (optionally with a delay, so stop and barge-in can be tested), honour abort and maxTokens, and keep
// the same history rules as the real adapters. Shipped with the code so every test uses one double.
import { hasHan } from "../kernel/lang.js";
import type { ChatContext, ChatTurn, JsonRequest, LanguageModel, StreamResult, ToolCallRecord, ToolSpec } from "../conversation/language-model.js";

export interface MockLanguageModelOptions {
  /** What to answer; default echoes a short acknowledgement in her language. */
  reply?: (userText: string, history: readonly ChatTurn[], systemPrompt: string) => string;
  /** What generateJson returns for a request. */
  json?: (request: JsonRequest) => unknown;
  /** The tool calls to make when a turn offers tools (one round), before replying. */
  toolCalls?: (userText: string, specs: readonly ToolSpec[]) => { name: string; args: unknown }[];
  /** Milliseconds between streamed pieces (default 0: as fast as the event loop allows). */
  delayMs?: number;
  /** Characters per streamed piece (a stand-in for a token; default 2). */
  pieceChars?: number;
  id?: string;
}

export interface MockLanguageModel extends LanguageModel {
  /** Every system prompt a context was opened with, and every user text replied to, in order. */
  readonly calls: { openChat: string[]; replies: string[]; json: JsonRequest[] };
}

const defaultReply = (text: string) => (hasHan(text) ? "嗯嗯，我在听。" : "I'm listening.");

export function createMockLanguageModel(options: MockLanguageModelOptions = {}): MockLanguageModel {
  const calls = { openChat: [] as string[], replies: [] as string[], json: [] as JsonRequest[] };
  const pieceChars = Math.max(1, options.pieceChars ?? 2);
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, options.delayMs ?? 0));
  return {
    id: options.id ?? "mock",
    calls,
    async openChat({ systemPrompt, history = [], summary = null }): Promise<ChatContext> {
      calls.openChat.push(systemPrompt);
      let turns: ChatTurn[] = [...history];
      let currentSummary = summary;
      return {
        async reply(userText, { signal, maxTokens, onDelta, tools } = {}): Promise<StreamResult> {
          calls.replies.push(userText);
          const toolCalls: ToolCallRecord[] = [];
          if (tools && tools.maxRounds > 0) {
            for (const call of options.toolCalls?.(userText, tools.specs) ?? []) {
              const outcome = await tools.call(call.name, call.args);
              toolCalls.push({ name: call.name, ok: outcome.ok, ...(outcome.ok ? {} : { error: outcome.error }) });
            }
          }
          const full = (options.reply ?? defaultReply)(userText, turns, systemPrompt);
          let text = "";
          let tokens = 0;
          let finish: StreamResult["finish"] = "stop";
          for (let at = 0; at < full.length; at += pieceChars) {
            if (signal?.aborted) {
              finish = "cancelled";
              break;
            }
            if (maxTokens !== undefined && tokens >= maxTokens) {
              finish = "length";
              break;
            }
            await pause();
            if (signal?.aborted) {
              finish = "cancelled";
              break;
            }
            const piece = full.slice(at, at + pieceChars);
            text += piece;
            tokens++;
            onDelta?.(piece);
          }
          turns = [...turns, { role: "user", text: userText }, { role: "assistant", text }];
          return { text, finish, tokens, ...(tools ? { toolCalls } : {}) };
        },
        usage: () => Math.min(1, (JSON.stringify(turns).length + (currentSummary?.length ?? 0)) / 16_000),
        async setHistory(newSummary, newTurns) {
          currentSummary = newSummary;
          turns = [...newTurns];
        },
        history: () => [...turns],
        dispose: () => undefined,
      };
    },
    async generateJson(request) {
      calls.json.push(request);
      if (request.signal?.aborted) throw new Error("aborted");
      return options.json ? options.json(request) : {};
    },
    async dispose() {},
  };
}
