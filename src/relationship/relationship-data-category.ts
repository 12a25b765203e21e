// How she asked to be talked to (her nickname, her notes) in "我的数据": visible and erasable.
import type { DataCategory } from "../privacy/data-registry.js";
import type { RelationshipStore } from "./relationship-store.js";

export function relationshipCategory(store: RelationshipStore, now: () => Date, onChange: () => void): DataCategory {
  const items = () => {
    const prefs = store.preferences();
    return [
      ...(prefs.nickname ? [{ id: "nickname", summary: `称呼：${prefs.nickname}` }] : []),
      ...prefs.notes.map((note, i) => ({ id: `note-${i}`, summary: `说话方式：${note}` })),
    ];
  };
  return {
    id: "relationship",
    title: { zh: "相处方式", en: "How we talk" },
    description: { zh: "你希望小蜜怎么称呼你、怎么和你说话", en: "What you asked Guimi to call you, and how to talk to you" },
    count: () => items().length,
    list: ({ limit }) =>
      items()
        .slice(0, limit)
        .map((item) => ({ ...item, at: now().toISOString() })),
    remove(id) {
      const prefs = store.preferences();
      if (id === "nickname" && prefs.nickname) store.savePreferences({ ...prefs, nickname: null }, now());
      else if (/^note-\d+$/.test(id) && prefs.notes[Number(id.slice(5))] !== undefined)
        store.savePreferences({ ...prefs, notes: prefs.notes.filter((_, i) => i !== Number(id.slice(5))) }, now());
      else return false;
      onChange();
      return true;
    },
    eraseAll() {
      const count = items().length;
      store.savePreferences({ nickname: null, notes: [] }, now());
      onChange();
      return count;
    },
    exportAll: () => store.preferences(),
  };
}
