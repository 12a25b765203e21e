// One turn of conversation, end to end: store her words first, let a fast-path skill answer when it can
// (reminders, crisis care, "forget that"…), otherwise stream the model's reply into a stored message.
// A new message or a stop request interrupts the reply in flight at once.
import { conversationIdSchema, parseId } from "../kernel/ids.js";
import { InputError } from "../errors.js";
import type { EventBus } from "../kernel/event-bus.js";
import type { ChatContext, ChatTurn, LanguageModel, ToolCallRecord, TurnTools } from "./language-model.js";
import { detectLanguage, type Lang } from "../kernel/lang.js";
import type { IntentHandler, TurnInput } from "../kernel/intent.js";
import type { MessageStore } from "./message-store.js";
import { buildSystemPrompt, buildUserTurn, TIME_REFRESH_MS } from "./prompt.js";
import type { Persona } from "./persona.js";
import { compactTurns } from "./compaction.js";

export const MAX_MESSAGE_CHARS = 4000;
export const DEFAULT_CONVERSATION = "default";

export type { FastReply, IntentHandler, TurnInput } from "../kernel/intent.js";

/** Extra context for the newest turn: her mood, remembered facts. Each returns short lines. */
export interface TurnContextProvider {
  mood?(now: Date, lang: Lang): string | undefined;
  memories?(text: string, now: Date): Promise<string[]> | string[];
}

export type TurnEvent =
  | { type: "reply-start"; conversationId: string; userMessageId: number; replyId: number | null; lang: Lang; source: string }
  | { type: "reply-delta"; text: string }
  | { type: "reply-end"; text: string; finish: "stop" | "length" | "cancelled"; source: string; expression?: string };

export interface TurnResult {
  conversationId: string;
  userMessageId: number;
  replyId: number | null;
  text: string;
  lang: Lang;
  source: string;
  finish: "stop" | "length" | "cancelled";
  /** Milliseconds from receiving her message to the first piece of the reply. */
  firstDeltaMs: number | null;
  /** How the device's face should look while saying it ("concerned", "happy"…), when known. */
  expression?: string;
  /** The tools the model called to answer, when it was offered some. */
  toolCalls?: ToolCallRecord[];
}

export interface ConversationDeps {
  store: MessageStore;
  /** The model in use, or null when none is installed. */
  model: () => LanguageModel | null;
  /** Resolves when a model that is still loading is ready (or has failed). */
  modelReady?: () => Promise<void>;
  persona: () => Persona;
  /** Extra system-prompt lines (relationship stage, her talk preferences). A change reopens live contexts. */
  systemExtras?: () => string[];
  timeZone: () => string;
  now: () => Date;
  intents?: IntentHandler[];
  context?: TurnContextProvider;
  bus?: EventBus;
  maxReplyTokens?: number;
  /** Live model contexts kept at once; older conversations are reopened from storage. */
  maxLiveContexts?: number;
  /** Share of the context window at which older turns are folded into a summary. */
  compactAt?: number;
  /** Called after each stored user message, before the reply (perception listens here). */
  onUserMessage?: (turn: TurnInput) => void | Promise<void>;
  /** The face to show with a reply, from her mood and what kind of reply it is. */
  expression?: (now: Date, source: string) => string | undefined;
  /**
   * The tools the model may call for this turn, or null (most turns: a chat needs none, and offering them
   * changes what the model evaluates first). Only turns no fast-path skill took get here, so crisis turns never do.
   */
  tools?: (turn: TurnInput) => TurnTools | null;
  /** Called once the turn has been answered (memory remembers here, so a turn never recalls itself). */
  onTurnComplete?: (turn: TurnInput, result: TurnResult) => void;
}

interface LiveConversation {
  chat: Promise<ChatContext> | null;
  /** The system prompt the live context was opened with. */
  systemPrompt: string | null;
  /** When the time was last given to this live context, and the mood line last given. */
  timeGivenAt: number | null;
  moodGiven: string | undefined;
  /** Idle pre-evaluation of the next turn; a new message cancels it. */
  prewarm: AbortController | null;
  inFlight: { controller: AbortController; done: Promise<unknown> } | null;
  /** Serialises turns and background compaction on one context. */
  queue: Promise<unknown>;
  lastUsed: number;
}

export function noModelReply(lang: Lang): string {
  return lang === "zh"
    ? "呜，我的聊天模型还没装好，现在只能陪你做些简单的事（比如提醒、记东西）。在终端运行 `guimi model pull` 装上它，我们就能好好聊天啦～"
    : "Oh no, my conversation model isn't installed yet, so for now I can only help with simple things (like reminders and remembering). Run `guimi model pull` in a terminal and then we can really talk!";
}

export function createConversationService(deps: ConversationDeps) {
  const live = new Map<string, LiveConversation>();
  const maxLive = deps.maxLiveContexts ?? 2;
  const compactAt = deps.compactAt ?? 0.75;
  let touch = 0;

  function state(conversationId: string): LiveConversation {
    let entry = live.get(conversationId);
    if (!entry) {
      entry = { chat: null, systemPrompt: null, timeGivenAt: null, moodGiven: undefined, prewarm: null, inFlight: null, queue: Promise.resolve(), lastUsed: 0 };
      live.set(conversationId, entry);
    }
    entry.lastUsed = ++touch;
    return entry;
  }

  /** Frees the least recently used contexts beyond the limit (they reopen from storage when needed). */
  function evict(): void {
    const withChat = [...live.entries()].filter(([, s]) => s.chat && !s.inFlight).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    while (withChat.length > maxLive) {
      const [, victim] = withChat.shift()!;
      const chat = victim.chat;
      victim.chat = null;
      victim.timeGivenAt = null;
      victim.moodGiven = undefined;
      void chat?.then(
        (c) => c.dispose(),
        () => undefined,
      );
    }
  }

  /** Earlier turns from storage, newest last, for reopening a conversation's context. */
  function storedTurns(conversationId: string): ChatTurn[] {
    const turns: ChatTurn[] = [];
    for (const m of deps.store.list(conversationId, { limit: 40 })) {
      if (m.role === "user") turns.push({ role: "user", text: m.text });
      else if (m.role === "assistant" && m.text) turns.push({ role: "assistant", text: m.text });
    }
    // The newest user message was just stored and is about to be sent as the new turn.
    if (turns.at(-1)?.role === "user") turns.pop();
    return turns;
  }

  const systemPrompt = () => buildSystemPrompt(deps.persona(), deps.systemExtras?.() ?? []);

  function openChat(model: LanguageModel, conversationId: string): Promise<ChatContext> {
    const prompt = systemPrompt();
    const entry = state(conversationId);
    entry.systemPrompt = prompt;
    return model.openChat({
      systemPrompt: prompt,
      history: storedTurns(conversationId),
      summary: deps.store.getSummary(conversationId),
    });
  }

  async function compactIfNeeded(conversationId: string, chat: ChatContext): Promise<void> {
    if (chat.usage() < compactAt) return;
    const compacted = compactTurns(deps.store.getSummary(conversationId), chat.history());
    if (!compacted) return;
    deps.store.setSummary(conversationId, compacted.summary);
    await chat.setHistory(compacted.summary, compacted.kept);
  }

  async function turn(
    input: { conversationId?: string; text: string; lang?: Lang },
    onEvent: (event: TurnEvent) => void = () => undefined,
  ): Promise<TurnResult> {
    const conversationId = input.conversationId ?? DEFAULT_CONVERSATION;
    parseId(conversationIdSchema, conversationId, "conversationId");
    const text = input.text.trim();
    if (text.length === 0) throw new InputError("text: must not be empty");
    if (text.length > MAX_MESSAGE_CHARS) throw new InputError(`text: longer than ${MAX_MESSAGE_CHARS} characters`);

    const started = performance.now();
    const now = deps.now();
    const lang = input.lang ?? detectLanguage(text);
    // Her words are durable before anything else happens.
    const userMessageId = deps.store.add(conversationId, "user", text, now, lang);
    deps.bus?.emit("message-created", { conversationId, messageId: userMessageId, role: "user", text, at: now.toISOString() });
    const turnInput: TurnInput = { conversationId, text, lang, now, userMessageId };

    const conversation = state(conversationId);
    conversation.inFlight?.controller.abort();
    conversation.prewarm?.abort();
    const controller = new AbortController();
    let firstDeltaMs: number | null = null;
    const emit = (event: TurnEvent) => {
      if (event.type === "reply-delta" && firstDeltaMs === null) firstDeltaMs = performance.now() - started;
      onEvent(event);
      if (event.type === "reply-start") deps.bus?.emit("reply-start", { conversationId, replyId: event.replyId, userMessageId, lang, source: event.source });
      else if (event.type === "reply-delta") deps.bus?.emit("reply-delta", { conversationId, replyId: currentReplyId, text: event.text });
      else
        deps.bus?.emit("reply-end", {
          conversationId,
          replyId: currentReplyId,
          text: event.text,
          finish: event.finish,
          source: event.source,
          ...(event.expression ? { expression: event.expression } : {}),
        });
    };
    let currentReplyId: number | null = null;

    const run = async (): Promise<TurnResult> => {
      await deps.onUserMessage?.(turnInput);
      // Fast path: skills answer without the model.
      for (const intent of deps.intents ?? []) {
        const fast = await intent(turnInput);
        if (!fast) continue;
        return answerWith(fast.text, fast.source, fast.meta);
      }
      await deps.modelReady?.();
      // A newer message came while the model loaded: this turn ends here, answered by that one.
      if (controller.signal.aborted) return cancelledBeforeReply();
      const model = deps.model();
      if (!model) return answerWith(noModelReply(lang), "no-model");

      if (conversation.chat && conversation.systemPrompt !== systemPrompt()) {
        // Who Guimi is to her changed (persona edit, relationship stage, a nickname): start from the new prompt.
        const stale = conversation.chat;
        conversation.chat = null;
        conversation.timeGivenAt = null;
        conversation.moodGiven = undefined;
        void stale.then(
          (c) => c.dispose(),
          () => undefined,
        );
      }
      conversation.chat ??= openChat(model, conversationId);
      evict();
      let chat: ChatContext;
      try {
        chat = await conversation.chat;
      } catch (error) {
        conversation.chat = null;
        throw error;
      }
      const memories = (await deps.context?.memories?.(text, now)) ?? [];
      if (controller.signal.aborted) return cancelledBeforeReply();
      // Only what changed rides along: every token here is evaluated before the first word of the reply.
      const omitTime = conversation.timeGivenAt !== null && now.getTime() - conversation.timeGivenAt < TIME_REFRESH_MS;
      if (!omitTime) conversation.timeGivenAt = now.getTime();
      const mood = deps.context?.mood?.(now, lang);
      const moodChanged = mood !== conversation.moodGiven;
      conversation.moodGiven = mood;
      const userTurn = buildUserTurn(text, { now, timeZone: deps.timeZone(), lang, omitTime, mood: moodChanged ? mood : undefined, memories });
      currentReplyId = deps.store.openReply(conversationId, now, lang);
      emit({ type: "reply-start", conversationId, userMessageId, replyId: currentReplyId, lang, source: "llm" });
      let sofar = "";
      let lastSaved = performance.now();
      const replyId = currentReplyId;
      let result;
      const tools = deps.tools?.(turnInput) ?? null;
      try {
        result = await chat.reply(userTurn, {
          ...(tools ? { tools } : {}),
          signal: controller.signal,
          maxTokens: deps.maxReplyTokens ?? 200,
          onDelta: (delta) => {
            sofar += delta;
            emit({ type: "reply-delta", text: delta });
            if (performance.now() - lastSaved > 250) {
              deps.store.saveProgress(replyId, sofar);
              lastSaved = performance.now();
            }
          },
        });
      } catch (error) {
        if (controller.signal.aborted) {
          // Stopped or superseded before the model returned: not a failure, the reply so far is kept.
          deps.store.closeReply(replyId, sofar, "partial", deps.now());
          emit({ type: "reply-end", text: sofar.trim(), finish: "cancelled", source: "llm" });
          return { conversationId, userMessageId, replyId, text: sofar.trim(), lang, source: "llm", finish: "cancelled", firstDeltaMs };
        }
        deps.store.closeReply(replyId, sofar, "partial", deps.now(), { error: String((error as Error).message ?? error) });
        throw error;
      }
      const replyText = result.text.trim();
      const toolCalls = result.toolCalls?.length ? { toolCalls: result.toolCalls } : {};
      deps.store.closeReply(
        replyId,
        replyText,
        result.finish === "cancelled" ? "partial" : "complete",
        deps.now(),
        toolCalls.toolCalls ? { tools: toolCalls.toolCalls } : undefined,
      );
      const expression = deps.expression?.(now, "llm");
      emit({ type: "reply-end", text: replyText, finish: result.finish, source: "llm", ...(expression ? { expression } : {}) });
      // While she reads the reply: fold older turns if the context is filling, then evaluate the start of
      // her next turn, so the next answer waits on nothing but her own words.
      conversation.queue = conversation.queue
        .then(() => compactIfNeeded(conversationId, chat))
        .then(() => {
          const prewarm = new AbortController();
          conversation.prewarm = prewarm;
          return chat.prewarm?.(prewarm.signal);
        })
        .catch(() => undefined);
      return {
        conversationId,
        userMessageId,
        replyId,
        text: replyText,
        lang,
        source: "llm",
        finish: result.finish,
        firstDeltaMs,
        ...(expression ? { expression } : {}),
        ...toolCalls,
      };
    };

    /** Ended before any reply was opened: nothing stored but her message; the caller hears "cancelled". */
    function cancelledBeforeReply(): TurnResult {
      onEvent({ type: "reply-end", text: "", finish: "cancelled", source: "cancelled" });
      return { conversationId, userMessageId, replyId: null, text: "", lang, source: "cancelled", finish: "cancelled", firstDeltaMs };
    }

    function answerWith(replyText: string, source: string, meta?: Record<string, unknown>): TurnResult {
      const at = deps.now();
      currentReplyId = deps.store.add(conversationId, "assistant", replyText, at, lang, { source, ...meta });
      emit({ type: "reply-start", conversationId, userMessageId, replyId: currentReplyId, lang, source });
      emit({ type: "reply-delta", text: replyText });
      const expression = deps.expression?.(at, source);
      emit({ type: "reply-end", text: replyText, finish: "stop", source, ...(expression ? { expression } : {}) });
      return {
        conversationId,
        userMessageId,
        replyId: currentReplyId,
        text: replyText,
        lang,
        source,
        finish: "stop",
        firstDeltaMs,
        ...(expression ? { expression } : {}),
      };
    }

    const previous = conversation.queue;
    const done = previous.catch(() => undefined).then(run);
    conversation.inFlight = { controller, done };
    conversation.queue = done.catch(() => undefined);
    try {
      const result = await done;
      deps.onTurnComplete?.(turnInput, result);
      return result;
    } finally {
      if (conversation.inFlight?.controller === controller) conversation.inFlight = null;
    }
  }

  return {
    turn,
    /** Stops the reply in flight, if any; the partial reply is kept and marked partial. */
    stop(conversationId = DEFAULT_CONVERSATION): boolean {
      const inFlight = live.get(conversationId)?.inFlight;
      if (!inFlight) return false;
      inFlight.controller.abort();
      return true;
    },
    /**
     * She cut a spoken reply short: only what she heard stays, in storage and in the live model context,
     * so the next turn does not assume she heard the rest. Waits for the turn in flight to settle first.
     */
    async keepHeard(conversationId: string, replyId: number, heard: string): Promise<void> {
      const conversation = live.get(conversationId);
      await conversation?.inFlight?.done.catch(() => undefined);
      const stored = deps.store.get(replyId);
      if (!stored || stored.role !== "assistant" || stored.conversationId !== conversationId) return;
      const text = heard.trim();
      if (text === stored.text.trim()) return;
      deps.store.closeReply(replyId, text, "partial", deps.now(), { ...(stored.meta ?? {}), interrupted: "barge-in" });
      const chat = conversation?.chat ? await conversation.chat.catch(() => null) : null;
      if (!chat) return;
      const history = chat.history();
      const last = history.at(-1);
      if (last?.role !== "assistant") return;
      conversation!.queue = conversation!.queue
        .then(() => chat.setHistory(deps.store.getSummary(conversationId), [...history.slice(0, -1), ...(text ? [{ ...last, text }] : [])]))
        .catch(() => undefined);
      await conversation!.queue;
    },
    /** Resolves when the work done while she reads (compaction, pre-evaluation) is finished. */
    async whenIdle(conversationId = DEFAULT_CONVERSATION): Promise<void> {
      await live.get(conversationId)?.queue;
    },
    /** Evaluates a conversation's stored history ahead of time (at daemon start), so the first turn is quick. */
    async warm(conversationId = DEFAULT_CONVERSATION): Promise<void> {
      const model = deps.model();
      if (!model) return;
      const conversation = state(conversationId);
      conversation.chat ??= openChat(model, conversationId);
      const chat = await conversation.chat;
      await chat.setHistory(deps.store.getSummary(conversationId), chat.history());
    },
    /** Drops live contexts (after a model switch or a persona change: the system prompt changed). */
    reset(): void {
      for (const entry of live.values()) {
        entry.inFlight?.controller.abort();
        const chat = entry.chat;
        entry.chat = null;
        entry.timeGivenAt = null;
        entry.moodGiven = undefined;
        void chat?.then(
          (c) => c.dispose(),
          () => undefined,
        );
      }
    },
    history: (conversationId = DEFAULT_CONVERSATION, options?: { limit?: number; before?: number }) => deps.store.list(conversationId, options),
    /** The turns exactly as the live model context holds them (with their context lines), for inspection. */
    async liveHistory(conversationId = DEFAULT_CONVERSATION): Promise<ChatTurn[]> {
      const chat = live.get(conversationId)?.chat;
      return chat ? (await chat).history() : [];
    },
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;
