// The core modules' tools (reminders, memory, mood, saying something, care settings), for MCP and
// tool calling. Her data rules hold because each tool goes through the same module she uses: what
// she erased is not in memory search, and no tool turns a sensor on.
import { z } from "zod";
import type { Tool } from "../kernel/capability.js";
import type { GuimiApp } from "./guimi-app.js";
import { careSettingsPatchSchema } from "../care/care-routes.js";
import { reminderJson } from "../reminders/reminder-actions.js";
import { detectLanguage } from "../kernel/lang.js";

const lang = z.enum(["zh", "en"]).optional();

export function coreTools(app: GuimiApp): Tool[] {
  const tools: Tool[] = [
    {
      name: "reminders_add",
      description: "Set a reminder from a sentence in Chinese or English, e.g. '明天下午三点提醒我给妈妈打电话' or 'remind me in 20 minutes to stretch'.",
      input: z.object({ text: z.string().trim().min(1).max(500), lang }).strict(),
      run(input) {
        const { text, lang: l } = input as { text: string; lang?: "zh" | "en" };
        const now = app.now();
        const { reminder, confirmation } = app.reminders.create({ text, ...(l ? { lang: l } : {}) }, now);
        return { reminder: reminderJson(reminder, now), confirmation };
      },
    },
    {
      name: "reminders_list",
      description: "Her active reminders (or all, with all=true), soonest first.",
      input: z.object({ all: z.boolean().optional() }).strict(),
      run(input) {
        const now = app.now();
        return app.reminders.list((input as { all?: boolean }).all ?? false).map((r) => reminderJson(r, now));
      },
    },
    {
      name: "memory_search",
      description: "Search what Guimi remembers about her (facts, events, preferences) by meaning; what she erased is not there.",
      input: z.object({ query: z.string().trim().min(1).max(500), k: z.number().int().min(1).max(20).optional() }).strict(),
      async run(input) {
        const { query, k } = input as { query: string; k?: number };
        const results = await app.memory.search(query, { k: k ?? 5, now: app.now() });
        return results.map((r) => ({ id: r.id, kind: r.kind, text: r.text, score: Math.round(r.score * 1000) / 1000 }));
      },
    },
    {
      name: "mood_current",
      description: "Her current mood as Guimi reads it (label, valence −1..1, arousal, confidence).",
      input: z.object({}).strict(),
      run() {
        const mood = app.mood.current(app.now());
        return { label: mood.label, valence: mood.valence, arousal: mood.arousal, confidence: mood.confidence };
      },
    },
    {
      name: "say",
      description: "Say something to her through the device: shown on the screen as a message from Guimi, spoken aloud when she has speech on.",
      input: z.object({ text: z.string().trim().min(1).max(2000), lang }).strict(),
      run(input) {
        const { text, lang: l } = input as { text: string; lang?: "zh" | "en" };
        const language = l ?? detectLanguage(text, app.settings.get().lang);
        const messageId = app.deliver({
          kind: "care",
          rule: "mcp-say",
          reason: language === "en" ? "an assistant connected over MCP asked me to say this" : "通过 MCP 连接的助手让我转告你",
          text,
          lang: language,
        });
        return { messageId };
      },
    },
    {
      name: "care_settings_get",
      description: "Her care settings: daily budget of proactive messages, optional cycle tracking, weather location.",
      input: z.object({}).strict(),
      run: () => app.care.settings(),
    },
    {
      name: "care_settings_update",
      description: "Change her care settings (dailyBudget 0–20, cycle {enabled, lastStart, lengthDays}, weatherLocation {latitude, longitude} or null).",
      input: careSettingsPatchSchema,
      run: (input) => app.care.updateSettings(input as never),
    },
    {
      name: "do_not_disturb",
      description: "Turn do-not-disturb on or off (no proactive messages while on).",
      input: z.object({ on: z.boolean() }).strict(),
      run(input) {
        return { doNotDisturb: app.settings.update({ doNotDisturb: (input as { on: boolean }).on }).doNotDisturb };
      },
    },
  ];
  return tools;
}

/** Every tool on this app: the core's, then each capability's. */
export function allTools(app: GuimiApp): Tool[] {
  return [...coreTools(app), ...app.capabilities.flatMap((c) => c.tools ?? [])];
}

/** Tools that speak for her or change her settings stay with her and MCP clients; the model's own reply is what it says. */
const NOT_FOR_THE_MODEL = new Set(["say", "care_settings_update"]);

/** The tools the conversation model may call on her behalf, mid-conversation. */
export function conversationTools(app: GuimiApp): Tool[] {
  return allTools(app).filter((tool) => !NOT_FOR_THE_MODEL.has(tool.name));
}
