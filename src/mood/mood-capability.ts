// The mood capability: one fused mood from every sensor's estimate, her words read as they arrive (text
// emotion, perceived before the reply is written so the reply can show it), the screen's expression,
// /api/v1/mood, a tool, and the timeline in 我的数据. It knows nothing of the app, server or CLI.
import { z } from "zod";
import { defineCapability, type Capability, type Tool } from "../kernel/capability.js";
import type { EventBus } from "../kernel/event-bus.js";
import { readQuery } from "../kernel/http.js";
import type { Lang } from "../kernel/lang.js";
import { describeApiPaths } from "../kernel/openapi-paths.js";
import type { TextEmotionClassifier } from "../perception/text-emotion/text-emotion-classifier.js";
import type { ContextTurn } from "../perception/text-emotion/features.js";
import { conversationContext, DEFAULT_CONTEXT_OPTIONS } from "../perception/text-emotion/conversation-context.js";
import type { Db } from "../storage/database.js";
import { expressionForMood } from "./expression-for-mood.js";
import { moodCategory } from "./mood-data-category.js";
import type { MoodEstimate } from "./mood-estimate.js";
import { moodMigrations } from "./mood-migrations.js";
import { moodPromptLine } from "./mood-prompt-line.js";
import { createMoodService, type MoodService } from "./mood-service.js";

export interface MoodDeps {
  db: Db;
  bus: Pick<EventBus, "emit">;
  now: () => Date;
  timeZone: () => string;
  /** The messages before one of hers, oldest first (for weights that read earlier turns). */
  earlierMessages(conversationId: string, before: number, limit: number): { role: string; text: string; createdAt: string }[];
}

export interface MoodCapability extends Capability {
  service: MoodService;
  /** Records a perception estimate and tells every screen when the mood visibly changed. */
  observe(estimate: MoodEstimate): void;
  /** The line the model reads about her mood in the newest turn, when there is one. */
  promptLine(at: Date, lang: Lang): string | undefined;
  /** The face the device shows with a reply. */
  expression(at: Date): string;
  /** Loads the jieba dictionary and the emotion weights the first message would otherwise wait for. */
  warmUp(): Promise<void>;
}

const trendQuery = z.object({ days: z.coerce.number().int().min(1).max(366).optional() });

describeApiPaths({
  "/mood": {
    get: { summary: "Current fused mood with the screen expression, and the daily trend (?days=7)", responses: { "200": { description: "{current, trend}" } } },
  },
});

export const moodCapability = defineCapability<MoodDeps, MoodCapability>({
  name: "mood",
  migrations: moodMigrations,
  create({ db, bus, now, timeZone, earlierMessages }) {
    const service = createMoodService({ db });

    function observe(estimate: MoodEstimate): void {
      const result = service.observe(estimate);
      if (result.snapshot) bus.emit("mood-changed", { mood: { ...result.mood, at: result.mood.at.toISOString() }, expression: expressionForMood(result.mood) });
    }

    // Loaded on first use: the jieba dictionary takes a moment, and commands that never chat skip it.
    let classifier: TextEmotionClassifier | null = null;
    async function textClassifier(): Promise<TextEmotionClassifier> {
      if (!classifier) {
        const { loadTextEmotionClassifier } = await import("../perception/text-emotion/text-emotion-classifier.js");
        classifier = loadTextEmotionClassifier();
      }
      return classifier;
    }

    /** The last messages of this sitting, for weights that read earlier turns (none read otherwise). */
    function textContext(turn: { conversationId: string; userMessageId: number; now: Date }, contextTurns: number): ContextTurn[] {
      if (contextTurns === 0) return [];
      const earlier = earlierMessages(turn.conversationId, turn.userMessageId, contextTurns);
      return conversationContext(
        earlier.map((m) => ({ role: m.role, text: m.text, at: new Date(m.createdAt) })),
        turn.now,
        { ...DEFAULT_CONTEXT_OPTIONS, maxTurns: contextTurns },
      );
    }

    const moodJson = () => {
      const mood = service.current(now());
      return { ...mood, at: mood.at.toISOString(), expression: expressionForMood(mood) };
    };

    const tools: Tool[] = [
      {
        name: "mood_current",
        description: "Her current mood as Guimi reads it (label, valence −1..1, arousal, confidence).",
        input: z.object({}).strict(),
        run() {
          const mood = service.current(now());
          return { label: mood.label, valence: mood.valence, arousal: mood.arousal, confidence: mood.confidence };
        },
      },
    ];

    return {
      name: "mood",
      service,
      observe,
      promptLine: (at, lang) => moodPromptLine(service.current(at), lang),
      expression: (at) => expressionForMood(service.current(at)),
      async perceive(turn) {
        // Her words move the mood before the reply is written (41 µs to classify), so the reply can show it.
        // What "还好吧" means depends on the turns before it. The mood fusion reads her earlier estimates
        // anyway (measured: that carries most of it); weights trained to read earlier turns get them too.
        const text = await textClassifier();
        const estimate = text.classify(turn.text, textContext(turn, text.contextTurns));
        observe({
          modality: "text",
          at: turn.now,
          scores: estimate.scores,
          valence: estimate.valence,
          arousal: estimate.arousal,
          confidence: estimate.confidence,
        });
      },
      async warmUp() {
        (await textClassifier()).classify("你好呀");
      },
      routes(api) {
        api.get("/mood", (c) => {
          const { days } = readQuery(c, trendQuery);
          return c.json({ current: moodJson(), trend: service.trend({ days: days ?? 7, now: now(), timeZone: timeZone() }) });
        });
      },
      tools,
      dataCategories: [moodCategory(service, db)],
    };
  },
});
