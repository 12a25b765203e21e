// An OpenAI-compatible chat-completions server (Ollama, llama.cpp server, vLLM, hosted APIs), opt-in.
// Her words leave the device here, so every call goes through the outbound gate and its ledger.
import { GuimiError } from "../errors.js";
import type { Outbound } from "../privacy/outbound.js";
import type { ChatContext, ChatTurn, JsonRequest, LanguageModel, StreamResult, ToolCallRecord } from "./language-model.js";
import { outcomeForModel } from "./tool-calling.js";

export interface OpenAiOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  outbound: Outbound;
}

type WireToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };
type WireMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: WireToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

type StreamChunk = {
  choices?: {
    delta?: { content?: string | null; tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[] };
    finish_reason?: string | null;
  }[];
};

/** What a tool's result may take in the next request: enough for the model, never a flood. */
const MAX_TOOL_RESULT_CHARS = 4000;

/** Yields the `data:` payloads of a server-sent event stream. */
async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, "");
      buffer = buffer.slice(newline + 1);
      if (line.startsWith("data:")) yield line.slice(5).trim();
    }
  }
}

export function createOpenAiLanguageModel(options: OpenAiOptions): LanguageModel {
  const endpoint = options.baseUrl.replace(/\/+$/, "") + "/chat/completions";
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  async function post(body: object, signal?: AbortSignal): Promise<Response> {
    const response = await options.outbound.fetch({
      purpose: "remoteLlm",
      dataCategory: "conversation text",
      url: endpoint,
      init: { method: "POST", headers, body: JSON.stringify(body), signal },
    });
    if (!response.ok) {
      const detail = (await response.text().catch(() => "")).slice(0, 300);
      throw new GuimiError(`remote model answered HTTP ${response.status}: ${detail}`, "unavailable");
    }
    return response;
  }

  return {
    id: `openai:${options.model}`,

    async openChat({ systemPrompt, history = [], summary = null }): Promise<ChatContext> {
      let turns: ChatTurn[] = [...history];
      let currentSummary = summary;
      const wire = (): WireMessage[] => [
        { role: "system", content: systemPrompt },
        ...(currentSummary ? [{ role: "system" as const, content: `[之前聊过 / earlier] ${currentSummary}` }] : []),
        ...turns.map((t) => ({ role: t.role, content: t.text })),
      ];
      return {
        async reply(userText, { signal, maxTokens, onDelta, tools } = {}): Promise<StreamResult> {
          turns.push({ role: "user", text: userText });
          let text = "";
          let tokens = 0;
          let finish: StreamResult["finish"] = "stop";
          const toolCalls: ToolCallRecord[] = [];
          // Tool calls and their results live only within this turn; the history keeps her words and the answer.
          const messages: WireMessage[] = wire();
          try {
            for (let round = 0; ; round++) {
              const offer = tools && round < tools.maxRounds ? tools : null;
              const body = {
                model: options.model,
                messages,
                stream: true,
                max_tokens: maxTokens,
                ...(offer
                  ? {
                      tools: offer.specs.map((spec) => ({
                        type: "function",
                        function: { name: spec.name, description: spec.description, parameters: spec.parameters },
                      })),
                      tool_choice: round === 0 && offer.choice === "required" ? "required" : "auto",
                    }
                  : {}),
              };
              const response = await post(body, signal);
              const calls: WireToolCall[] = [];
              let roundText = "";
              for await (const data of sseData(response.body!)) {
                if (data === "[DONE]") break;
                let parsed: StreamChunk;
                try {
                  parsed = JSON.parse(data) as StreamChunk;
                } catch {
                  continue; // a keep-alive or a server's comment line
                }
                const choice = parsed.choices?.[0];
                const delta = choice?.delta?.content ?? "";
                if (delta) {
                  text += delta;
                  roundText += delta;
                  tokens += 1;
                  onDelta?.(delta);
                }
                // Tool calls stream in fragments keyed by index: the id and name first, the arguments in pieces.
                for (const fragment of choice?.delta?.tool_calls ?? []) {
                  const index = fragment.index ?? calls.length;
                  calls[index] ??= { id: fragment.id ?? `call_${round}_${index}`, type: "function", function: { name: "", arguments: "" } };
                  const call = calls[index]!;
                  if (fragment.id) call.id = fragment.id;
                  if (fragment.function?.name) call.function.name += fragment.function.name;
                  if (fragment.function?.arguments) call.function.arguments += fragment.function.arguments;
                }
                if (choice?.finish_reason === "length") finish = "length";
              }
              const made = calls.filter(Boolean);
              if (!offer || made.length === 0) break;
              messages.push({ role: "assistant", content: roundText || null, tool_calls: made });
              for (const call of made) {
                let args: unknown;
                let outcome;
                try {
                  args = call.function.arguments.trim() ? JSON.parse(call.function.arguments) : {};
                  outcome = await offer.call(call.function.name, args);
                } catch {
                  outcome = { ok: false as const, error: `the arguments for ${call.function.name} were not valid JSON` };
                }
                toolCalls.push({ name: call.function.name, ok: outcome.ok, ...(outcome.ok ? {} : { error: outcome.error }) });
                const content = JSON.stringify(outcomeForModel(outcome)) ?? "null";
                messages.push({ role: "tool", tool_call_id: call.id, content: content.slice(0, MAX_TOOL_RESULT_CHARS) });
              }
              if (signal?.aborted) throw new Error("aborted");
            }
          } catch (error) {
            if (!signal?.aborted) {
              turns.pop();
              throw error;
            }
            finish = "cancelled";
          }
          turns.push({ role: "assistant", text });
          return { text, finish, tokens, ...(tools ? { toolCalls } : {}) };
        },
        usage: () => 0, // the server manages its own context window
        async setHistory(newSummary, newTurns) {
          currentSummary = newSummary;
          turns = [...newTurns];
        },
        history: () => [...turns],
        dispose() {},
      };
    },

    async generateJson(request: JsonRequest): Promise<unknown> {
      const response = await post(
        {
          model: options.model,
          messages: [...(request.system ? [{ role: "system", content: request.system }] : []), { role: "user", content: request.prompt }],
          max_tokens: request.maxTokens ?? 512,
          temperature: 0,
          response_format: { type: "json_schema", json_schema: { name: "extraction", schema: request.schema, strict: true } },
        },
        request.signal,
      );
      const body = (await response.json()) as { choices?: { message?: { content?: string } }[] };
      const content = body.choices?.[0]?.message?.content ?? "";
      return JSON.parse(content.replace(/^```(?:json)?\s*|\s*```$/g, ""));
    },

    async dispose() {},
  };
}
