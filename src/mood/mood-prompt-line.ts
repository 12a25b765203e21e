// One short line about her mood for the newest turn of the LLM prompt (never the system prompt,
// which must stay cached). Silent when the estimate is too unsure to be worth saying.
import type { Lang } from "../kernel/lang.js";
import type { Modality } from "./mood-estimate.js";
import type { Mood } from "./fuse-mood.js";

export interface PromptLineOptions {
  /** Below this confidence the line is empty. */
  minConfidence?: number;
  /** Who the line is about; "她" / "she" by default. */
  subject?: { zh: string; en: string };
}

const VERB: Record<Modality, { zh: string; en: string }> = {
  voice: { zh: "听起来", en: "sounds" },
  face: { zh: "看起来", en: "looks" },
  text: { zh: "似乎", en: "seems" },
  touch: { zh: "似乎", en: "seems" },
};

export function moodPromptLine(
  mood: Pick<Mood, "label" | "valence" | "arousal" | "confidence" | "stress" | "contributions">,
  lang: Lang,
  options: PromptLineOptions = {},
): string {
  if (mood.confidence < (options.minConfidence ?? 0.4)) return "";
  const subject = options.subject ?? { zh: "她", en: "she" };
  const lead = mood.contributions[0]?.modality ?? "text";
  const verb = VERB[lead][lang];

  const parts: { zh: string; en: string }[] = [];
  const tired = mood.arousal < 0.25 && mood.valence < 0.3;
  const tense = (mood.stress ?? 0) >= 0.6;
  if (tired) parts.push({ zh: "很疲惫", en: "tired" });
  if (tense) parts.push({ zh: "有些紧绷", en: "tense" });
  const tone = toneOf(mood);
  if (tone) parts.push(tone);
  if (parts.length === 0) parts.push({ zh: "情绪平稳", en: "calm" });

  if (lang === "zh") {
    return `（${subject.zh}现在${verb}${parts.map((p) => p.zh).join("，")}）`;
  }
  const words = parts.map((p) => p.en);
  const list = words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}` : words[0];
  return `(${subject.en} ${verb} ${list})`;
}

function toneOf(mood: Pick<Mood, "label" | "valence">): { zh: string; en: string } | undefined {
  switch (mood.label) {
    case "joy":
      return { zh: "心情不错", en: "in a good mood" };
    case "sadness":
      return { zh: "情绪偏低", en: "a bit low" };
    case "anger":
      return { zh: "有点生气", en: "a bit angry" };
    case "fear":
      return { zh: "有些不安", en: "uneasy" };
    case "disgust":
      return { zh: "有些反感", en: "put off" };
    case "surprise":
      return { zh: "有点惊讶", en: "surprised" };
    case "neutral":
      // Labels come from scores when any modality has them; a clearly negative valence still
      // deserves a word even when the top label is neutral.
      return mood.valence <= -0.25 ? { zh: "情绪偏低", en: "a bit low" } : undefined;
  }
}
