// "你还记得我喜欢什么歌吗" / "do you remember what songs I like?" — answered from memory on the fast path,
// so what she told Guimi comes back right even without (or despite) the language model.
import type { Lang } from "../kernel/lang.js";
import type { IntentHandler } from "../conversation/conversation-service.js";
import type { MemoryService, SearchResult } from "./memory-service.js";

const zhRecall = /(还记得|记不记得|记得.{0,12}吗|你知道我.{0,12}(吗|么|什么|哪)|我(之前|上次|以前)(说|讲|提)过)/u;
const enRecall =
  /\b(do you remember|do you recall|remember (what|when|where|who|how|my)|what did I (say|tell you)|did I tell you|what('s| is) my (favou?rite|fave))\b/i;

export function isRecallQuestion(text: string): boolean {
  return zhRecall.test(text) || enRecall.test(text);
}

/** Her first-person words, said back to her: "我最喜欢…" → "你最喜欢…", "I love jazz" → "you love jazz". */
export function toSecondPerson(text: string, lang: Lang): string {
  const trimmed = text.trim().replace(/[。！!.～~]+$/u, "");
  if (lang === "zh") return trimmed.replace(/我们/g, "你们").replace(/我/g, "你");
  return trimmed
    .replace(/\bI am\b/g, "you are")
    .replace(/\bI'm\b/gi, "you're")
    .replace(/\bI\b/g, "you")
    .replace(/\bmy\b/gi, "your")
    .replace(/\bme\b/gi, "you")
    .replace(/\bmine\b/gi, "yours");
}

/** What the question is about, without "do you remember" and question words: "你还记得我喜欢什么歌吗" → "喜欢歌". */
export function recallTopic(text: string): string {
  return text
    .replace(zhRecall, " ")
    .replace(enRecall, " ")
    .replace(/你还|你|我的|我|什么|哪一?(天|首|个|里|儿)?|谁|吗|呢|么|吧|呀|啊|是|的|[？?！!，,。.]/gu, " ")
    .replace(/\b(what|which|when|where|who|how|is|are|was|were|do|did|does|you|the|a|an|I|my|me)\b/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Below this a match is a guess, and guessing about her life is worse than asking. */
const MIN_SCORE = 0.45;

export function recallReply(results: readonly SearchResult[], lang: Lang): string {
  const top = results[0]?.score ?? 0;
  const confident = results.filter((r) => r.score >= MIN_SCORE && r.score >= top * 0.6);
  const facts = confident.filter((r) => r.kind !== "message").slice(0, 2);
  const chosen = facts.length > 0 ? facts : confident.slice(0, 1);
  if (chosen.length === 0) {
    return lang === "zh" ? "嗯…这个你好像还没跟我说过呢，跟我讲讲？我记下来～" : "Hmm, I don't think you've told me that yet — tell me? I'll remember.";
  }
  const said = chosen.map((r) => toSecondPerson(r.text, lang));
  return lang === "zh" ? `当然记得呀～你说过：${said.join("；")}。` : `Of course I remember — you told me: ${said.join("; ")}.`;
}

export function createRecallIntent(memory: MemoryService): IntentHandler {
  return async (turn) => {
    if (!isRecallQuestion(turn.text)) return null;
    const topic = recallTopic(turn.text);
    const results = topic ? await memory.search(topic, { k: 5, now: turn.now }) : [];
    return { text: recallReply(results, turn.lang), source: "memory", meta: { recalled: results.slice(0, 2).map((r) => r.id) } };
  };
}
