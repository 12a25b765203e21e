// The core's own tools (saying something, care settings, do-not-disturb), for MCP and
// tool calling; each capability brings its own. Her data rules hold because each tool goes through the same module she uses: what
// she erased is not in memory search, and no tool turns a sensor on.
import { z } from "zod";
import type { Tool } from "../kernel/capability.js";
import type { GuimiApp } from "./guimi-app.js";
import { careSettingsPatchSchema } from "../care/care-routes.js";
import { detectLanguage, type Lang } from "../kernel/lang.js";

const lang = z.enum(["zh", "en"]).optional();

export function coreTools(app: GuimiApp): Tool[] {
  const tools: Tool[] = [
    {
      name: "say",
      description: "Say something to her through the device: shown on the screen as a message from Guimi, spoken aloud when she has speech on.",
      input: z.object({ text: z.string().trim().min(1).max(2000), lang }).strict(),
      run(input) {
        const { text, lang: l } = input as { text: string; lang?: Lang };
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
