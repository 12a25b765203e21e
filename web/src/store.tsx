// Page-wide state: settings, status, the live conversation (so the face on Home and the Chat page
// see the same reply stream), mood, and proactive messages as they arrive over the WebSocket.
import { createContext, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  DEFAULT_CONVERSATION,
  EXPRESSIONS,
  getMediaStatus,
  getMessages,
  getMood,
  getRelationship,
  getSettings,
  getStatus,
  patchSettings,
  stopReply,
  type CareMessage,
  type Expression,
  type MediaStatus,
  type Message,
  type Relationship,
  type Settings,
  type SettingsPatch,
  type Status,
} from "./api";
import { translator, type Lang, type Translate } from "./i18n";
import { createSocket, type ServerEvent, type Socket } from "./socket";
import { hourIn, isNightHour } from "./time";

export type ThemeChoice = "auto" | "light" | "night";
/** waiting: her message is sent, no words yet ("thinking"); streaming: words are arriving. */
export type ReplyPhase = "idle" | "waiting" | "streaming";

/** How far back a reminder that rang with no page connected is still shown as a notice. */
const NOTICE_CATCH_UP_MS = 30 * 60_000;
const SEEN_NOTICES_KEY = "guimi.seenNotices";

function seenNoticeKeys(): Set<string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(SEEN_NOTICES_KEY) ?? "[]");
    return new Set(Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === "string") : []);
  } catch {
    return new Set();
  }
}

function rememberSeenNotice(key: string): void {
  try {
    localStorage.setItem(SEEN_NOTICES_KEY, JSON.stringify([...seenNoticeKeys(), key].slice(-100)));
  } catch {
    /* storage full or disabled: the notice may show again after a reload */
  }
}

export interface LiveNotice {
  key: string;
  kind: "care" | "reminder";
  text: string;
  at: string;
  reminderId?: string;
  /** Something she can accept with one tap (the media capability plays it when she says 好). */
  offer?: Record<string, unknown>;
}

export interface AppState {
  lang: Lang;
  t: Translate;
  settings: Settings | null;
  updateSettings(patch: SettingsPatch): Promise<void>;
  status: Status | null;
  refreshStatus(): void;
  connected: boolean;
  now: Date;
  timeZone: string | undefined;
  theme: "light" | "night";
  themeChoice: ThemeChoice;
  setThemeChoice(choice: ThemeChoice): void;
  messages: Message[];
  loadEarlier(): Promise<boolean>;
  reloadMessages(): void;
  phase: ReplyPhase;
  /** Bumped on every reply-delta: the face's mouth moves while it keeps changing. */
  deltaTick: number;
  send(text: string): boolean;
  stop(): void;
  mood: Expression;
  /** Bumped on every mood-changed event: mood views reload. */
  moodTick: number;
  /** The expression the server chose for the reply just finished, shown while it is being "said". */
  replyFace: { expression: Expression; key: number } | null;
  /** Days together, stage, her nickname; null until the server answers (or when it has no such route). */
  relationship: Relationship | null;
  refreshRelationship(): void;
  /** Care messages that arrived over the WebSocket since the page loaded, newest first. */
  liveCare: CareMessage[];
  notices: LiveNotice[];
  dismissNotice(key: string): void;
  error: string | null;
  setError(message: string | null): void;
  /** What plays now; null when the device has no media capability. */
  media: MediaStatus | null;
  setMedia(status: MediaStatus): void;
}

const Context = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(Context);
  if (!state) throw new Error("useApp outside <AppProvider>");
  return state;
}

const THEME_KEY = "guimi.theme";

function readThemeChoice(): ThemeChoice {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return value === "light" || value === "night" ? value : "auto";
  } catch {
    return "auto";
  }
}

export function AppProvider({ children }: { children: ComponentChildren }) {
  const socketRef = useRef<Socket | null>(null);
  if (!socketRef.current) socketRef.current = createSocket();
  const socket = socketRef.current;

  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [connected, setConnected] = useState(socket.isOpen());
  const [now, setNow] = useState(() => new Date());
  const [themeChoice, setThemeChoiceState] = useState<ThemeChoice>(readThemeChoice);
  const [messages, setMessages] = useState<Message[]>([]);
  const [phase, setPhase] = useState<ReplyPhase>("idle");
  const [deltaTick, setDeltaTick] = useState(0);
  const [mood, setMood] = useState<Expression>("calm");
  const [moodTick, setMoodTick] = useState(0);
  const [replyFace, setReplyFace] = useState<{ expression: Expression; key: number } | null>(null);
  const [relationship, setRelationship] = useState<Relationship | null>(null);
  const [liveCare, setLiveCare] = useState<CareMessage[]>([]);
  const [notices, setNotices] = useState<LiveNotice[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [media, setMedia] = useState<MediaStatus | null>(null);
  const replyingRef = useRef(false);
  const replyFaceMs = useRef(3000);

  const lang: Lang = settings?.lang ?? "zh";
  const t = useMemo(() => translator(lang), [lang]);
  const timeZone = status?.timeZone;
  const theme = themeChoice === "auto" ? (isNightHour(hourIn(now, timeZone)) ? "night" : "light") : themeChoice;

  const refreshStatus = useCallback(() => {
    getStatus().then(setStatus, () => undefined);
  }, []);

  const refreshRelationship = useCallback(() => {
    getRelationship().then(setRelationship, () => undefined);
  }, []);

  // A reply's expression lasts about as long as reading it aloud would (2.5–8 s), then her mood returns.
  useEffect(() => {
    if (!replyFace) return;
    const timer = setTimeout(() => setReplyFace((f) => (f?.key === replyFace.key ? null : f)), replyFaceMs.current);
    return () => clearTimeout(timer);
  }, [replyFace]);
  const reloadMessages = useCallback(() => {
    getMessages(DEFAULT_CONVERSATION, { limit: 40 }).then(
      (list) => {
        setMessages(list);
        catchUpReminderNotices(list);
      },
      () => setMessages([]),
    );
  }, []);

  /**
   * A reminder that rang while no page was connected (at start-up, before the page loaded, while the line
   * was down) is in the stored messages: it is shown as a notice too, once, unless she already dismissed it.
   */
  function catchUpReminderNotices(list: Message[]): void {
    const seen = seenNoticeKeys();
    const recentMs = Date.now() - NOTICE_CATCH_UP_MS;
    for (const m of list) {
      const kind = m.meta?.kind;
      if (m.role !== "care" || (kind !== "reminder" && kind !== "missed-reminder")) continue;
      const key = `m${m.id}`;
      if (seen.has(key) || Date.parse(m.createdAt) < recentMs) continue;
      const reminderId = m.meta?.reminderId;
      pushNotice({ key, kind: "reminder", text: m.text, at: m.createdAt, ...(typeof reminderId === "string" ? { reminderId } : {}) });
    }
  }

  useEffect(() => {
    getSettings().then(setSettings, (e: Error) => setError(e.message));
    refreshStatus();
    reloadMessages();
    refreshRelationship();
    getMediaStatus().then(setMedia, () => undefined); // no media capability: no now-playing card
    getMood().then(
      ({ current }) => current?.expression && EXPRESSIONS.includes(current.expression) && setMood(current.expression),
      () => undefined, // no mood capability yet: the face stays calm
    );
    const clock = setInterval(() => setNow(new Date()), 1000);
    const statusTimer = setInterval(refreshStatus, 15_000);
    return () => {
      clearInterval(clock);
      clearInterval(statusTimer);
    };
  }, [refreshStatus, reloadMessages]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = lang === "zh" ? "小蜜 Guimi" : "Guimi";
  }, [theme, lang]);

  useEffect(() => {
    const offState = socket.onState((open) => {
      setConnected(open);
      if (open) {
        // Whatever happened while the line was down is in the store: catch up.
        reloadMessages();
        refreshStatus();
        refreshRelationship();
        getMediaStatus().then(setMedia, () => undefined);
      }
    });
    const offEvent = socket.on((event: ServerEvent) => handleEvent(event));
    // The line may have opened before this effect subscribed.
    setConnected(socket.isOpen());
    return () => {
      offState();
      offEvent();
    };
  }, [socket]);

  function upsert(message: Message): void {
    setMessages((list) => {
      const index = list.findIndex((m) => m.id === message.id);
      if (index === -1) return [...list, message];
      const copy = list.slice();
      copy[index] = { ...list[index]!, ...message };
      return copy;
    });
  }

  /** A later event about the same message (care-message after message-created) refines the earlier one. */
  function pushNotice(notice: LiveNotice): void {
    setNotices((list) => {
      const index = list.findIndex((n) => n.key === notice.key);
      if (index === -1) return [notice, ...list].slice(0, 20);
      const copy = list.slice();
      copy[index] = { ...list[index]!, ...notice };
      return copy;
    });
  }

  function handleEvent(event: ServerEvent): void {
    switch (event.type) {
      case "message-created":
        if (event.conversationId === DEFAULT_CONVERSATION)
          upsert({
            id: event.messageId,
            conversationId: event.conversationId,
            role: event.role,
            text: event.text,
            lang: null,
            status: "complete",
            createdAt: event.at,
            completedAt: event.at,
            meta: null,
          });
        if (event.role === "care") pushNotice({ key: `m${event.messageId}`, kind: "care", text: event.text, at: event.at });
        if (event.role === "user" && event.conversationId === DEFAULT_CONVERSATION) {
          replyingRef.current = true;
          setPhase((p) => (p === "idle" ? "waiting" : p));
        }
        return;
      case "reply-start":
        if (event.conversationId !== DEFAULT_CONVERSATION) return;
        replyingRef.current = true;
        setPhase("waiting");
        if (event.replyId !== null)
          upsert({
            id: event.replyId,
            conversationId: event.conversationId,
            role: "assistant",
            text: "",
            lang: event.lang === "en" ? "en" : "zh",
            status: "streaming",
            createdAt: new Date().toISOString(),
            completedAt: null,
            meta: null,
          });
        return;
      case "reply-delta":
        if (event.conversationId !== DEFAULT_CONVERSATION) return;
        setPhase("streaming");
        setDeltaTick((n) => n + 1);
        if (event.replyId !== null) {
          const id = event.replyId;
          setMessages((list) => list.map((m) => (m.id === id ? { ...m, text: m.text + event.text } : m)));
        }
        return;
      case "reply-end":
        if (event.conversationId !== DEFAULT_CONVERSATION) return;
        replyingRef.current = false;
        setPhase("idle");
        if (event.replyId !== null) {
          const id = event.replyId;
          const done = {
            text: event.text,
            status: event.finish === "cancelled" ? ("partial" as const) : ("complete" as const),
            completedAt: new Date().toISOString(),
          };
          setMessages((list) => list.map((m) => (m.id === id ? { ...m, ...done } : m)));
        } else reloadMessages();
        if (event.expression && EXPRESSIONS.includes(event.expression as Expression) && event.finish !== "cancelled" && event.text.trim()) {
          replyFaceMs.current = Math.min(8000, Math.max(2500, event.text.length * 120));
          setReplyFace({ expression: event.expression as Expression, key: Date.now() });
        }
        // "以后叫我小鱼吧" changes how she is greeted; a turn may change the days too.
        refreshRelationship();
        return;
      case "mood-changed": {
        // The server sends the expression beside the mood; older drafts put it inside.
        const expression = (event.expression ?? event.mood?.expression) as Expression | undefined;
        if (expression && EXPRESSIONS.includes(expression)) setMood(expression);
        setMoodTick((n) => n + 1);
        return;
      }
      case "care-message":
      case "reminder-due": {
        const text = typeof event.text === "string" ? event.text : "";
        if (!text) return;
        const kind = event.type === "reminder-due" || event.kind === "reminder" || event.kind === "missed-reminder" ? "reminder" : "care";
        const key = typeof event.messageId === "number" ? `m${event.messageId}` : `${event.type}:${text}`;
        const at = typeof event.at === "string" ? event.at : new Date().toISOString();
        if (event.type === "care-message" && kind === "care") {
          const messageId = typeof event.messageId === "number" ? event.messageId : null;
          const care: CareMessage = {
            id: key,
            at,
            rule: event.rule ?? "",
            reason: event.reason ?? "",
            text,
            lang: event.lang ?? "zh",
            messageId,
            respondedAt: null,
          };
          setLiveCare((list) => [care, ...list.filter((c) => c.id !== key)].slice(0, 50));
          // The chat bubble learns why it was said (message-created carries only the text).
          if (messageId !== null)
            setMessages((list) =>
              list.map((m) => (m.id === messageId ? { ...m, meta: { ...(m.meta ?? {}), kind: event.kind, rule: event.rule, reason: event.reason } } : m)),
            );
        }
        pushNotice({
          key,
          kind,
          text,
          at,
          ...(typeof event.reminderId === "string" ? { reminderId: event.reminderId } : {}),
          ...(event.type === "care-message" && event.offer ? { offer: event.offer } : {}),
        });
        return;
      }
      case "media-changed": {
        const { type: _type, ...status } = event;
        setMedia(status);
        return;
      }
      case "error":
        if (replyingRef.current) {
          replyingRef.current = false;
          setPhase("idle");
        }
        setError(event.error?.message ?? "error");
        return;
      default:
        return;
    }
  }

  const state: AppState = {
    lang,
    t,
    settings,
    async updateSettings(patch) {
      try {
        setSettings(await patchSettings(patch));
      } catch (e) {
        setError((e as Error).message);
        throw e;
      }
    },
    status,
    refreshStatus,
    connected,
    now,
    timeZone,
    theme,
    themeChoice,
    setThemeChoice(choice) {
      setThemeChoiceState(choice);
      try {
        localStorage.setItem(THEME_KEY, choice);
      } catch {
        /* private mode: the choice lasts until reload */
      }
    },
    messages,
    async loadEarlier() {
      const first = messages[0];
      if (!first) return false;
      const older = await getMessages(DEFAULT_CONVERSATION, { limit: 40, before: first.id });
      if (older.length === 0) return false;
      setMessages((list) => [...older.filter((m) => !list.some((x) => x.id === m.id)), ...list]);
      return older.length === 40;
    },
    reloadMessages,
    phase,
    deltaTick,
    send(text) {
      const sent = socket.send({ type: "chat", text, conversationId: DEFAULT_CONVERSATION });
      if (sent) {
        replyingRef.current = true;
        setPhase("waiting");
      }
      return sent;
    },
    stop() {
      if (!socket.send({ type: "stop", conversationId: DEFAULT_CONVERSATION })) stopReply(DEFAULT_CONVERSATION).catch(() => undefined);
    },
    mood,
    moodTick,
    replyFace,
    relationship,
    refreshRelationship,
    liveCare,
    notices,
    dismissNotice(key) {
      rememberSeenNotice(key);
      setNotices((list) => list.filter((n) => n.key !== key));
    },
    error,
    setError,
    media,
    setMedia,
  };

  return <Context.Provider value={state}>{children}</Context.Provider>;
}
