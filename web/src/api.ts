// The public API under /api/v1, same origin as the page. Shapes mirror src/server/*.ts.
import type { Lang } from "./i18n";

export type Pair = { zh: string; en: string };
export type Expression = "happy" | "calm" | "concerned" | "sleepy" | "surprised" | "listening" | "thinking";
export const EXPRESSIONS: readonly Expression[] = ["happy", "calm", "concerned", "sleepy", "surprised", "listening", "thinking"];

export type ModelStatus =
  | { state: "none" }
  | { state: "loading"; id: string }
  | { state: "ready"; id: string; threads?: number | null; loadMs?: number }
  | { state: "error"; id: string; error: string };

export interface Status {
  version: string;
  uptimeSeconds: number;
  model: ModelStatus;
  timeZone: string;
  persona: { name: Pair };
  conversations: number;
  /** Whether the voice pipeline can listen, and why not when it cannot ("english / 中文"). */
  voice?: { available?: boolean; reason?: string; note?: string; recognizer?: { id: string; languages: string[] } | null; wakeWord?: WakeWordStatus };
}

/** What the wake word really does now (GET /status → voice.wakeWord); mirrors src/voice/index.ts. */
export interface WakeWordStatus {
  enabled: boolean;
  id: string;
  installed: boolean;
  loaded: boolean;
  phrases: string[];
  state: "off" | "model-not-installed" | "error" | "microphone-off" | "ready" | "listening";
  reason?: string;
}

export interface Settings {
  lang: Lang;
  quietHours: { start: string; end: string };
  doNotDisturb: boolean;
  retentionDays: number | null;
  sensors: { microphone: boolean; camera: boolean; touch: boolean };
  outbound: { modelDownload?: boolean; remoteLlm?: boolean; weather?: boolean; radio?: boolean };
  wakeWord: { enabled: boolean; phrases: string[] };
}

export type SettingsPatch = Partial<Omit<Settings, "sensors" | "outbound" | "wakeWord">> & {
  sensors?: Partial<Settings["sensors"]>;
  outbound?: Partial<Settings["outbound"]>;
  wakeWord?: Partial<Settings["wakeWord"]>;
};

export interface Message {
  id: number;
  conversationId: string;
  role: "user" | "assistant" | "care";
  text: string;
  lang: Lang | null;
  status: "complete" | "partial" | "streaming";
  createdAt: string;
  completedAt: string | null;
  meta: Record<string, unknown> | null;
}

export interface ConversationSummary {
  id: string;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
  lastText: string | null;
}

export interface DataCategory {
  id: string;
  title: Pair;
  description: Pair;
  count: number;
  itemsDeletable: boolean;
}

export interface DataItem {
  id: string;
  at: string;
  summary: string;
  detail?: unknown;
}

export interface Persona {
  name: Pair;
  style: Pair;
  avoidTopics: string[];
  boundaries: string[];
}

export interface Reminder {
  id: string;
  title: string;
  dueAt: string;
  rrule: string | null;
  timeZone: string;
  status: "active" | "done" | "cancelled";
  snoozedUntil: string | null;
  nextAt: string | null;
  lang: Lang;
}

export interface MoodNow {
  label?: string;
  valence?: number;
  arousal?: number;
  confidence?: number;
  expression?: Expression;
  at?: string;
}

/** One local day of the mood trend; valence/arousal are null on a day without observations. */
export interface MoodDay {
  date: string;
  valence: number | null;
  arousal: number | null;
  dominantLabel: string | null;
  count: number;
  countByModality: Record<string, number>;
}

export interface MoodReport {
  current: MoodNow | null;
  trend: MoodDay[];
}

/** The weather as the server last heard it (a phone's signal or the opt-in weather connection). */
export interface Weather {
  condition: string;
  /** null when the source did not say. */
  tempC: number | null;
  at: string;
  source: string;
}

/** Something Guimi said first, with the rule that spoke and the reason (GET /care). */
export interface CareMessage {
  id: number | string;
  at: string;
  rule: string;
  reason: string;
  text: string;
  lang: string;
  messageId: number | null;
  respondedAt: string | null;
}

export interface CareSettings {
  cycle: { enabled: boolean; lastStart: string | null; lengthDays: number };
  weatherLocation: { latitude: number; longitude: number } | null;
  dailyBudget: number;
}

export type CareSettingsPatch = {
  cycle?: Partial<CareSettings["cycle"]>;
  weatherLocation?: CareSettings["weatherLocation"];
  dailyBudget?: number;
};

export interface Relationship {
  daysTogether: number;
  activeDays: number;
  userMessages: number;
  memories: number;
  stage: "new" | "warming" | "close";
  preferences: { nickname: string | null; notes: string[] };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** True when the server does not have this route (yet): that piece of the page hides or says so. */
export const isMissing = (error: unknown): boolean => error instanceof ApiError && error.status === 404;

export const apiUrl = (path: string): string => `/api/v1/${path.replace(/^\//, "")}`;

const TOKEN_KEY = "guimi.token";
/**
 * On a paired phone or tablet the page was opened from the pairing address (…/#pair=<token>, the QR
 * code in 我的数据): the token is kept on this device and the fragment removed from the address bar.
 * On Guimi's own screen there is none (loopback needs no token).
 */
export function pairedToken(): string | null {
  const match = /(?:^#|&)pair=([A-Za-z0-9_-]{16,128})/.exec(location.hash);
  try {
    if (match?.[1]) {
      localStorage.setItem(TOKEN_KEY, match[1]);
      history.replaceState(null, "", location.pathname + location.search);
    }
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return match?.[1] ?? null;
  }
}

/**
 * A download a browser starts (<a download>) cannot send the Authorization header, and a token must never
 * be in a URL: on a paired device the link's click first asks for a one-time link (a minute, once), then
 * follows it. On Guimi's own screen the plain link works as it is.
 */
export function downloadClick(path: "data/export" | "reminders/export.ics", filename?: string) {
  return (event: MouseEvent): void => {
    if (!pairedToken()) return;
    event.preventDefault();
    void api<{ url: string }>("downloads", { method: "POST", body: { path: `/${path}` } }).then(
      ({ url }) => {
        const link = document.createElement("a");
        link.href = url;
        link.download = filename ?? "";
        document.body.append(link);
        link.click();
        link.remove();
      },
      (error: unknown) => console.error("download:", error),
    );
  };
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const token = pairedToken();
  const response = await fetch(apiUrl(path), {
    method: init.method ?? "GET",
    headers: {
      accept: "application/json",
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const message = (data as { error?: { message?: string } } | null)?.error?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(message, response.status);
  }
  return data as T;
}

export const DEFAULT_CONVERSATION = "default";

export const getStatus = () => api<Status>("status");
export const getSettings = () => api<Settings>("settings");
export const patchSettings = (patch: SettingsPatch) => api<Settings>("settings", { method: "PATCH", body: patch });
export const getMessages = (conversationId: string, page: { limit?: number; before?: number } = {}) =>
  api<{ messages: Message[] }>(`conversations/${encodeURIComponent(conversationId)}/messages?${query(page)}`).then((r) => r.messages);
export const getConversations = () => api<{ conversations: ConversationSummary[] }>("conversations").then((r) => r.conversations);
export const stopReply = (conversationId: string) => api<{ stopped: boolean }>("chat/stop", { method: "POST", body: { conversationId } });
export const getCategories = () => api<{ categories: DataCategory[] }>("data").then((r) => r.categories);
export const getCategoryItems = (category: string, page: { limit?: number; before?: string } = {}) =>
  api<{ items: DataItem[] }>(`data/${encodeURIComponent(category)}?${query(page)}`).then((r) => r.items);
export const deleteItem = (category: string, id: string) =>
  api<{ deleted: boolean }>(`data/${encodeURIComponent(category)}/${encodeURIComponent(id)}`, { method: "DELETE" });
export const eraseCategory = (category: string) => api<{ erased: number }>(`data/${encodeURIComponent(category)}`, { method: "DELETE" });
export const eraseEverything = () => api<{ erased: Record<string, number> }>("data/erase", { method: "POST", body: { confirm: "erase everything" } });
export const getPersona = () => api<Persona>("persona");
export const putPersona = (persona: Persona) => api<Persona>("persona", { method: "PUT", body: persona });
export const getReminders = () => api<{ reminders: Reminder[] }>("reminders?all=true").then((r) => r.reminders);
export const addReminder = (text: string) => api<{ reminder: Reminder; confirmation: string }>("reminders", { method: "POST", body: { text } });
export const snoozeReminder = (id: string, minutes: number) =>
  api<unknown>(`reminders/${encodeURIComponent(id)}/snooze`, { method: "POST", body: { minutes } });
export const completeReminder = (id: string) => api<unknown>(`reminders/${encodeURIComponent(id)}/done`, { method: "POST", body: {} });
export const deleteReminder = (id: string) => api<unknown>(`reminders/${encodeURIComponent(id)}`, { method: "DELETE" });
export const getMood = (days = 7) =>
  api<Partial<MoodReport>>(`mood?days=${days}`).then((r): MoodReport => ({ current: r.current ?? null, trend: r.trend ?? [] }));
export const getWeather = () => api<{ current?: Weather | null }>("weather").then((r) => r.current ?? null);
/** The API takes a limit (1–500) and no cursor: "more" asks again with a larger limit. */
export const CARE_LIMIT_MAX = 500;
export const getCare = (limit: number) => api<{ messages: CareMessage[] }>(`care?limit=${Math.min(limit, CARE_LIMIT_MAX)}`).then((r) => r.messages);
export const getCareSettings = () => api<{ settings: CareSettings }>("care/settings").then((r) => r.settings);
export const patchCareSettings = (patch: CareSettingsPatch) =>
  api<{ settings: CareSettings }>("care/settings", { method: "PATCH", body: patch }).then((r) => r.settings);
export const getRelationship = () => api<Relationship>("relationship");

export interface PairedDevice {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
}
export const getDevices = () => api<{ devices: PairedDevice[] }>("devices").then((r) => r.devices);
/** Only Guimi's own screen may pair: the answer carries the token once, the pairing address and its QR code (SVG). */
export const pairDevice = (name: string) =>
  api<{ device: PairedDevice; token: string; url: string; qrSvg: string }>("devices", { method: "POST", body: { name } });
export const revokeDevice = (id: string) => api<{ revoked: boolean }>(`devices/${encodeURIComponent(id)}`, { method: "DELETE" });

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") search.set(key, String(value));
  return search.toString();
}

/** What plays now (GET /media/status and the media-changed event); mirrors src/media/media-controller.ts. */
export interface MediaStatus {
  state: "playing" | "paused" | "stopped";
  item: {
    title: string;
    artist: string | null;
    kind: "music" | "sleep-sound" | "meditation";
    itemId: number | null;
    soundId: string | null;
    durationS: number | null;
  } | null;
  positionS: number | null;
  volume: number;
  queue: { index: number; length: number };
  sleepTimer: { endsAt: string; remainingS: number } | null;
  meditation: {
    id: string;
    title: string;
    step: number;
    steps: number;
    breath: "in" | "hold" | "out" | null;
    line: string | null;
    stepEndsAt: string;
    endsAt: string;
  } | null;
  output: string;
  /** Set when the page is the speaker: what this page plays. */
  stream: { id: string; loop: boolean; volume: number } | null;
  at: string;
}

export interface LibraryItem {
  id: number;
  title: string;
  artist: string | null;
  album: string | null;
  durationS: number | null;
}

export type MediaPlay =
  | { query: string }
  | { itemId: number }
  | { mine: true }
  | { sound: string; minutes?: number }
  | { meditation: string; minutes?: number };

export const getMediaStatus = () => api<MediaStatus>("media/status");
export const playMedia = (what: MediaPlay, lang: Lang) => api<MediaStatus>("media/play", { method: "POST", body: { ...what, lang } });
export const mediaAction = (action: "pause" | "resume" | "next" | "stop") => api<MediaStatus>(`media/${action}`, { method: "POST", body: {} });
export const setMediaVolume = (volume: number) => api<MediaStatus>("media/volume", { method: "POST", body: { volume } });
export const setSleepTimer = (minutes: number | null) => api<MediaStatus>("media/sleep-timer", { method: "POST", body: { minutes } });
export const searchMedia = (q: string) => api<{ items: LibraryItem[] }>(`media/search?q=${encodeURIComponent(q)}&limit=30`).then((r) => r.items);
export const getLibrary = (limit = 60) =>
  api<{ count: number; folders: { path: string; files: number }[]; items: LibraryItem[] }>(`media/library?limit=${limit}`);
export const getSleepSounds = () => api<{ sounds: { id: string; title: Pair }[] }>("media/sounds").then((r) => r.sounds);
export const getMeditations = () =>
  api<{ meditations: { id: string; title: Pair; minutes: { default: number; allowed: number[] } }[] }>("media/meditations").then((r) => r.meditations);
