// Crisis safety on the fast path, before anything else and never left to the LLM: words of self-harm
// get a calm reply with real help lines for her region, and the turn is flagged for the care engine.
import type { IntentHandler } from "../../conversation/conversation-service.js";
import { detectCrisis } from "./crisis-detector.js";
import { crisisReply } from "./crisis-reply.js";

/** The region whose help lines to give, from her time zone when no locale is set. */
export function regionLocale(timeZone: string, lang: "zh" | "en"): string {
  if (/^America\/|^US\//.test(timeZone)) return `${lang}-US`;
  if (/^Asia\/(Shanghai|Chongqing|Harbin|Urumqi)|^PRC$/.test(timeZone)) return `${lang}-CN`;
  return lang === "zh" ? "zh-CN" : "en-US";
}

export function createCrisisIntent(deps: { timeZone: () => string; onCrisis: (risk: "possible" | "high", at: Date) => void }): IntentHandler {
  return (turn) => {
    const detection = detectCrisis(turn.text);
    if (detection.risk === "none") return null;
    deps.onCrisis(detection.risk, turn.now);
    const reply = crisisReply({ lang: turn.lang, locale: regionLocale(deps.timeZone(), turn.lang), seed: turn.userMessageId });
    return { text: reply.text, source: "crisis", meta: { crisis: detection.risk, matched: detection.matched } };
  };
}
