// An OpenAI-compatible chat-completions server (Ollama, llama.cpp server, vLLM, hosted APIs), opt-in.
// Her words leave the device here, so every call goes through the outbound gate and its ledger.
import { GuimiError } from "../errors.js";
import type { Outbound } from "../privacy/outbound.js";
import type { ChatContext, ChatTurn, JsonRequest, LanguageModel, StreamResult } from "./language-model.js";

export interface OpenAiOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  outbound: Outbound;
}

type WireMessage = { role: "system" | "user" | "assistant"; content: string };

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
        async reply(userText, { signal, maxTokens, onDelta } = {}): Promise<StreamResult> {
          turns.push({ role: "user", text: userText });
          let text = "";
          let tokens = 0;
          let finish: StreamResult["finish"] = "stop";
          try {
            const response = await post({ model: options.model, messages: wire(), stream: true, max_tokens: maxTokens }, signal);
            for await (const data of sseData(response.body!)) {
              if (data === "[DONE]") break;
              const parsed = JSON.parse(data) as { choices?: { delta?: { content?: string }; finish_reason?: string | null }[] };
              const choice = parsed.choices?.[0];
              const delta = choice?.delta?.content ?? "";
              if (delta) {
                text += delta;
                tokens += 1;
                onDelta?.(delta);
              }
              if (choice?.finish_reason === "length") finish = "length";
            }
          } catch (error) {
            if (!signal?.aborted) {
              turns.pop();
              throw error;
            }
            finish = "cancelled";
          }
          turns.push({ role: "assistant", text });
          return { text, finish, tokens };
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
