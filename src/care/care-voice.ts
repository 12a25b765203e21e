// Care wording in her friend's voice: when a conversation model is loaded, it may rephrase a rule's
// message in the persona's style, within a strict budget (time, tokens, length). The rule, its reason
// and its offer stay as they are; a rephrase that fails any sanity check (wrong language, too long or
// short, a lost time, name or help line, a new offer) is dropped and the template is said instead.
import { type Lang, countHan } from "../kernel/lang.js";
import type { LanguageModel } from "../conversation/language-model.js";
import type { Persona } from "../conversation/persona.js";
import { offerWords } from "./care-offers.js";

export interface CareVoiceRequest {
  rule: string;
  text: string;
  lang: Lang;
  /** Words the rephrase must keep besides the digits and 《titles》 it always keeps. */
  keep: readonly string[];
}

export interface CareVoiceOutcome {
  text: string;
  /** "model": the rephrase was said; "template": the rule's own words (no model, failed check, timeout). */
  source: "model" | "template";
  /** Why the template was kept, when it was. */
  why?: string;
  /** Time the attempt added, ms (0 without a model). */
  ms: number;
}

/** Rephrases, or says why not; never throws, never waits past its budget. */
export type CareVoice = (request: CareVoiceRequest) => Promise<CareVoiceOutcome>;

const LATIN_WORD = /[A-Za-z]{2,}/g;

/** Facts a message states that a rephrase must not lose: numbers (times, the help line) and 《titles》. */
export function keyFacts(text: string, keep: readonly string[] = []): string[] {
  const facts = new Set<string>();
  for (const m of text.matchAll(/\d[\d:\-.]*\d|\d/g)) facts.add(m[0]);
  for (const m of text.matchAll(/《[^》]+》/g)) facts.add(m[0]);
  for (const k of keep) if (k.trim() !== "" && text.includes(k)) facts.add(k);
  return [...facts];
}

/** Whether text is (so far) in the language asked for. */
function inLanguage(text: string, lang: Lang): boolean {
  const t = text.trim();
  const length = [...t].length;
  const han = countHan(t);
  const latin = (t.match(LATIN_WORD) ?? []).join("").length;
  return lang === "zh" ? han >= length * 0.4 : han === 0 && latin >= length * 0.5;
}

export type RephraseCheck = { ok: true; text: string } | { ok: false; why: string };

/** The sanity checks a model's rephrase must pass before it may replace the template. */
export function checkRephrase(template: string, candidate: string, lang: Lang, keep: readonly string[] = []): RephraseCheck {
  let text = candidate
    .trim()
    .replace(/^["“「『]+|["”」』]+$/g, "")
    .trim();
  // A first line only: anything after is the model talking about its answer.
  text = text.split(/\n/)[0]!.trim();
  if (text === "") return { ok: false, why: "empty" };
  const length = [...text].length;
  const templateLength = [...template].length;
  if (!inLanguage(text, lang)) return { ok: false, why: lang === "zh" ? "not Chinese" : "not English" };
  if (length < Math.max(6, Math.floor(templateLength * 0.5))) return { ok: false, why: "too short" };
  if (length > Math.max(40, Math.ceil(templateLength * 1.5))) return { ok: false, why: "too long" };
  if (/\uFFFD|[\u0000-\u0008\u000e-\u001f]/.test(text)) return { ok: false, why: "garbled" };
  // The same character or word over and over is a model stuck in a loop.
  if (/(.{1,4})\1{4,}/u.test(text)) return { ok: false, why: "repetitive" };
  for (const fact of keyFacts(template, keep)) if (!text.includes(fact)) return { ok: false, why: `lost "${fact}"` };
  // It may not offer what the rule did not (the device may not be able to back it).
  if (offerWords.test(text) && !offerWords.test(template)) return { ok: false, why: "adds an offer" };
  // Numbers it made up are claims nobody made.
  const known = new Set(keyFacts(template));
  for (const m of text.matchAll(/\d[\d:\-.]*\d|\d/g)) if (![...known].some((k) => k.includes(m[0]))) return { ok: false, why: `new number "${m[0]}"` };
  return { ok: true, text };
}

export interface CareVoiceOptions {
  model: () => LanguageModel | null;
  persona: () => Persona;
  /** The most the rephrase may add before the template is said (default 2.5 s). */
  timeoutMs?: number;
  /** Token budget of the rephrase (default 96). */
  maxTokens?: number;
  /** Rules whose words are said exactly as written (default: crisis check-ins keep the template). */
  verbatimRules?: readonly string[];
  clock?: () => number;
  onOutcome?: (outcome: CareVoiceOutcome & { rule: string }) => void;
}

function instruction(persona: Persona, lang: Lang): string {
  return lang === "zh"
    ? `你是${persona.name.zh}，她的闺蜜。说话风格：${persona.style.zh}\n把用户给的这句话用你的口吻改写一遍：意思不变，时间、数字、名字、电话一个都不能少，不添加新的提议或事实，不超过原句长度的1.5倍。只输出改写后的那一句话，用中文。`
    : `You are ${persona.name.en}, her close friend. Style: ${persona.style.en}\nRewrite the message the user gives in your own voice: same meaning, keep every time, number, name and phone number, add no new offers or facts, at most 1.5 times as long. Output only the rewritten message, in English.`;
}

/** The voice backed by the conversation model; without one loaded it says the template at no cost. */
export function createCareVoice(options: CareVoiceOptions): CareVoice {
  const timeoutMs = options.timeoutMs ?? 2500;
  const maxTokens = options.maxTokens ?? 96;
  const verbatim = new Set(options.verbatimRules ?? ["crisis-check-in"]);
  const clock = options.clock ?? (() => performance.now());
  return async (request) => {
    const done = (outcome: CareVoiceOutcome) => {
      options.onOutcome?.({ ...outcome, rule: request.rule });
      return outcome;
    };
    const template = { text: request.text, source: "template" as const };
    if (verbatim.has(request.rule)) return done({ ...template, why: "said as written", ms: 0 });
    const model = options.model();
    if (!model) return done({ ...template, why: "no model", ms: 0 });
    const started = clock();
    const abort = new AbortController();
    let earlyReject: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => {
        abort.abort();
        resolve("timeout");
      }, timeoutMs);
      timer.unref?.();
    });
    try {
      // The attempt owns its chat context and disposes it however the race ends.
      const attempt = (async () => {
        const chat = await model.openChat({ systemPrompt: instruction(options.persona(), request.lang) });
        try {
          if (abort.signal.aborted) return null;
          // Stop as soon as the output is clearly not her language: gibberish costs a few tokens, not the budget.
          let sofar = "";
          return await chat.reply(request.text, {
            maxTokens,
            signal: abort.signal,
            onDelta: (delta) => {
              sofar += delta;
              if (earlyReject === null && [...sofar.trim()].length >= 12 && !inLanguage(sofar, request.lang)) {
                earlyReject = request.lang === "zh" ? "not Chinese" : "not English";
                abort.abort();
              }
            },
          });
        } finally {
          chat.dispose();
        }
      })();
      attempt.catch(() => undefined);
      const result = await Promise.race([attempt, timeout]);
      const ms = Math.round(clock() - started);
      if (earlyReject) return done({ ...template, why: earlyReject, ms });
      if (result === "timeout") return done({ ...template, why: "over the time budget", ms });
      if (!result || result.finish === "cancelled") return done({ ...template, why: "cancelled", ms });
      if (result.finish === "length") return done({ ...template, why: "over the token budget", ms });
      const check = checkRephrase(request.text, result.text, request.lang, request.keep);
      return done(check.ok ? { text: check.text, source: "model", ms } : { ...template, why: check.why, ms });
    } catch (error) {
      const ms = Math.round(clock() - started);
      if (earlyReject) return done({ ...template, why: earlyReject, ms });
      return done({ ...template, why: `model error: ${(error as Error).message}`, ms });
    } finally {
      clearTimeout(timer);
    }
  };
}
