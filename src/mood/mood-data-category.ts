// The mood timeline in "我的数据": every estimate from words, voice, face and touch, and the fused snapshots.
import type { Db } from "../storage/database.js";
import type { DataCategory } from "../privacy/data-registry.js";
import type { MoodService } from "./mood-service.js";

const modalityNames: Record<string, string> = { text: "文字", voice: "声音", face: "表情", touch: "触摸" };

export function moodCategory(mood: MoodService, db: Db): DataCategory {
  return {
    id: "mood",
    itemIds: "row",
    title: { zh: "情绪记录", en: "Mood timeline" },
    description: {
      zh: "从你的话、声音、表情和触摸里感觉到的情绪（图像和声音本身从不保存）",
      en: "How you seemed to feel, from words, voice, face and touch (images and audio are never stored)",
    },
    count: () => (db.prepare("SELECT (SELECT COUNT(*) FROM mood_observations) + (SELECT COUNT(*) FROM mood_snapshots) AS n").get() as { n: number }).n,
    list({ limit, before }) {
      const rows = db
        .prepare("SELECT id, at, modality, valence, arousal, confidence FROM mood_observations WHERE id < ? ORDER BY id DESC LIMIT ?")
        .all(before ? Number(before) : Number.MAX_SAFE_INTEGER, limit) as {
        id: number;
        at: string;
        modality: string;
        valence: number;
        arousal: number;
        confidence: number;
      }[];
      return rows.map((r) => ({
        id: String(r.id),
        at: r.at,
        summary: `${modalityNames[r.modality] ?? r.modality}：情绪 ${r.valence >= 0 ? "+" : ""}${r.valence.toFixed(2)}，激动 ${r.arousal.toFixed(2)}（把握 ${Math.round(r.confidence * 100)}%）`,
        detail: r,
      }));
    },
    remove: (id) => db.prepare("DELETE FROM mood_observations WHERE id = ?").run(Number(id)).changes > 0,
    eraseAll: () => mood.eraseAll().deleted,
    exportAll: () => mood.exportAll(),
  };
}
