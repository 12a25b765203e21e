// The crisis safety net as one capability: the layered detector on the fast path (first, always, never the
// LLM), the replies, care mode, the safety-event store with its 我的数据 category, and the help-line card API.
import { z } from "zod";
import { defineCapability, type Capability } from "../../kernel/capability.js";
import type { IntentHandler } from "../../kernel/intent.js";
import type { Lang } from "../../kernel/lang.js";
import type { Db } from "../../storage/database.js";
import type { DataCategory } from "../../privacy/data-registry.js";
import { loadCrisisClassifier, type CrisisClassifier } from "./crisis-classifier.js";
import { detectCrisis, normalizeShort, type CrisisAssessment, type CrisisContextTurn } from "./crisis-detector.js";
import { chooseHelplines, HELPLINE_TABLE, type HelplinePreference } from "./crisis-helplines.js";
import { crisisCheckReply, crisisDeniedReply, crisisReply } from "./crisis-reply.js";
import { createSafetyStore, crisisMigrations, type SafetyEvent } from "./safety-store.js";

/** After words of risk, the conversation stays in care mode this long (gentle handling, lower bar). */
export const CARE_MODE_MS = 2 * 3_600_000;

// "No" to "are you having thoughts of hurting yourself?" (short answers only).
const DENY =
  /^(没有|没|没有啦|没有的|不是|不是的|不会|不会的|没想过|还好|还好啦|我没事|没事|没事的|放心|放心吧|不不|不|no|nope|nah|not really|no i'?m (ok|okay|fine)|i'?m (ok|okay|fine)|i'?m not|i won'?t|no no|don'?t worry)$/u;

/** True when, in these turns, Guimi asked the check question and she answered no. */
function answeredNo(recent: readonly CrisisContextTurn[]): boolean {
  return recent.some(
    (t, i) => t.role === "assistant" && t.crisis === "possible" && recent[i + 1]?.role === "user" && DENY.test(normalizeShort(recent[i + 1]!.text)),
  );
}

export interface CrisisDeps {
  db: Db;
  now: () => Date;
  timeZone: () => string;
  /** Her safety settings: region and her own line. */
  preference: () => HelplinePreference;
  /** Her language (for the help-line card when her region is unknown). */
  lang: () => Lang;
  /** The turns before this one in the conversation, oldest first. */
  recentTurns: (conversationId: string, beforeMessageId: number) => CrisisContextTurn[];
  /** Consecutive days of low mood ending at `now`. */
  lowMoodDays: (now: Date) => number;
  /** The trained classifier; defaults to the committed weights. Null runs the rules and context only. */
  classifier?: CrisisClassifier | null;
}

export interface CrisisCapability extends Capability {
  /** Its one fast-path intent: the root mounts crisis first, so it runs before every other one. */
  intents: [IntentHandler];
  /** When risk was last heard, or null (the care engine's override). */
  lastCrisis(): { risk: "possible" | "high"; at: Date } | null;
  /** A line for the model's next turn while in care mode (gentle, careful handling), or undefined. */
  careModeLine(now: Date, lang: Lang): string | undefined;
  /** The layered assessment with this conversation's context (for tests and the emotion command). */
  assess(text: string, conversationId: string, now: Date, beforeMessageId?: number): CrisisAssessment;
}

const dismissSchema = z.object({ id: z.number().int().positive().optional() }).strict();

function safetyCategory(store: ReturnType<typeof createSafetyStore>): DataCategory {
  const riskName = { possible: "可能有风险", high: "高风险" } as const;
  const layerName = { rules: "规则", classifier: "模型", context: "上下文" } as const;
  const json = (e: SafetyEvent) => ({
    id: e.id,
    at: e.at.toISOString(),
    risk: e.risk,
    layer: e.layer,
    reply: e.reply,
    dismissedAt: e.dismissedAt?.toISOString() ?? null,
  });
  return {
    id: "safety",
    title: { zh: "安全事件", en: "Safety events" },
    description: {
      zh: "我担心你安全的时刻：时间、风险程度、哪一层发现的（不保存你说的话，从不离开这台设备）",
      en: "Moments I worried about your safety: when, how serious, which check noticed (your words are not kept; never leaves this device)",
    },
    count: () => store.count(),
    list: ({ limit, before }) =>
      store.list({ limit, before: before ? Number(before) : undefined }).map((e) => ({
        id: String(e.id),
        at: e.at.toISOString(),
        summary: `${riskName[e.risk]}（${e.risk}）· ${layerName[e.layer]}（${e.layer}）· ${e.reply === "safety" ? "给了求助热线" : "温柔地问了一句"}`,
        detail: json(e),
      })),
    remove: (id) => store.remove(Number(id)),
    eraseAll: () => store.eraseAll(),
    exportAll: () => ({ module: "crisis", events: store.list({ limit: 100_000 }).map(json) }),
  };
}

export const crisisCapability = defineCapability<CrisisDeps, CrisisCapability>({
  name: "crisis",
  migrations: crisisMigrations,
  create(deps): CrisisCapability {
    const store = createSafetyStore(deps.db);
    let classifier: CrisisClassifier | null = null;
    let classifierError: string | null = null;
    if (deps.classifier !== undefined) classifier = deps.classifier;
    else {
      try {
        classifier = loadCrisisClassifier();
      } catch (error) {
        // The rules and context still guard her; the status says the model is missing.
        classifierError = (error as Error).message;
      }
    }

    const inCareMode = (now: Date) => {
      const last = store.latest();
      return last !== null && now.getTime() - last.at.getTime() < CARE_MODE_MS && now.getTime() >= last.at.getTime();
    };

    function assess(text: string, conversationId: string, now: Date, beforeMessageId = Number.MAX_SAFE_INTEGER): CrisisAssessment {
      return detectCrisis(text, {
        classifier,
        context: { now, recent: deps.recentTurns(conversationId, beforeMessageId), lowMoodDays: deps.lowMoodDays(now), careMode: inCareMode(now) },
      });
    }

    const replyOptions = (lang: Lang, seed: number) => ({ lang, timeZone: deps.timeZone(), preference: deps.preference(), seed });

    const intent: IntentHandler = (turn) => {
      const a = assess(turn.text, turn.conversationId, turn.now, turn.userMessageId);
      const recent = deps.recentTurns(turn.conversationId, turn.userMessageId).filter((t) => turn.now.getTime() - t.at.getTime() < CARE_MODE_MS);
      if (a.risk === "none") {
        // Her "no" right after the check question: thank her, keep the door open (care mode goes on).
        const last = recent.at(-1);
        if (last?.role === "assistant" && last.crisis === "possible" && DENY.test(normalizeShort(turn.text))) {
          return { text: crisisDeniedReply(replyOptions(turn.lang, turn.userMessageId)).text, source: "crisis", meta: { crisis: "none", reply: "denied" } };
        }
        return null;
      }
      // She already answered the check question with a no: the classifier (or the context layers) hearing sadness
      // again does not ask it a second time. The conversation stays in care mode (careModeLine) and the model
      // answers; explicit words (the rules) and anything high still get the reply every time.
      if (a.risk === "possible" && !a.layers.includes("rules") && answeredNo(recent)) return null;
      const layer = a.layer ?? "rules";
      const reply =
        a.risk === "high" ? crisisReply(replyOptions(turn.lang, turn.userMessageId)) : crisisCheckReply(replyOptions(turn.lang, turn.userMessageId));
      store.record({ at: turn.now, risk: a.risk, layer, reply: a.risk === "high" ? "safety" : "check", conversationId: turn.conversationId });
      // Rule ids and layers only: her words are never copied into the reply's metadata.
      return {
        text: reply.text,
        source: "crisis",
        meta: { crisis: a.risk, layer, layers: a.layers, matched: a.matched, reply: a.risk === "high" ? "safety" : "check", region: reply.region },
      };
    };

    return {
      name: "crisis",
      intents: [intent],
      assess,
      lastCrisis() {
        const last = store.latest();
        return last ? { risk: last.risk, at: last.at } : null;
      },
      careModeLine(now, lang) {
        if (!inCareMode(now)) return undefined;
        return lang === "zh"
          ? "（她不久前流露过伤害自己的念头。请格外温柔、认真、不评判：不开玩笑，不说教，不转移话题；多倾听，问问她现在怎么样；如果她提到危险，请她联系求助热线。）"
          : "(Not long ago she voiced thoughts of hurting herself. Be especially gentle, serious and non-judgemental: no jokes, no lectures, don't change the subject; listen, ask how she is now; if she mentions danger, ask her to contact a crisis line.)";
      },
      dataCategories: [safetyCategory(store)],
      status: () => ({ layers: classifier ? ["rules", "classifier", "context"] : ["rules", "context"], ...(classifierError ? { classifierError } : {}) }),
      routes(api) {
        api.get("/safety/card", (c) => {
          const e = store.active();
          if (!e) return c.json({ card: null });
          const s = deps.preference();
          const choice = chooseHelplines({ lang: deps.lang(), timeZone: deps.timeZone(), preference: s });
          return c.json({
            card: { id: e.id, at: e.at.toISOString(), risk: e.risk, region: choice.region, helplines: choice.lines, emergency: choice.emergency },
          });
        });
        api.post("/safety/card/dismiss", async (c) => {
          const raw = await c.req.text();
          if (raw.trim()) {
            let parsed: unknown;
            try {
              parsed = JSON.parse(raw);
            } catch {
              parsed = undefined;
            }
            const ok = dismissSchema.safeParse(parsed);
            if (!ok.success) return c.json({ error: { code: "bad-input", message: 'body: expected {} or {"id": <card id>}' } }, 400);
          }
          return c.json({ dismissed: store.dismissAll(deps.now()) });
        });
        api.get("/safety/helplines", (c) => {
          const s = deps.preference();
          const current = chooseHelplines({ lang: deps.lang(), timeZone: deps.timeZone(), preference: s });
          return c.json({ regions: HELPLINE_TABLE, current, preference: s });
        });
      },
    };
  },
});
