// 我的数据: what she played (songs, sleep sounds), and the index of her music library. Deleting the
// index forgets titles and paths; her files stay where they are.
import type { DataCategory } from "../privacy/data-registry.js";
import type { MediaLibrary } from "./media-library.js";

export function mediaCategories(library: MediaLibrary): DataCategory[] {
  return [
    {
      id: "media-plays",
      title: { zh: "听过的歌和声音", en: "What you played" },
      description: { zh: "放过的歌、助眠声音和时间，用来排「我的歌」", en: 'Songs and sleep sounds you played, and when; used to rank "my songs"' },
      count: () => library.playCount(),
      list: (page) =>
        library.plays({ limit: page.limit, ...(page.before ? { before: Number(page.before) } : {}) }).map((p) => ({
          id: String(p.id),
          at: p.playedAt,
          summary: p.artist ? `${p.artist} — ${p.title}` : p.title,
          detail: p,
        })),
      remove: (id) => library.removePlay(Number(id)),
      eraseAll: () => library.erasePlays(),
      exportAll: () => library.plays({ limit: 1_000_000 }),
    },
    {
      id: "media-library",
      title: { zh: "音乐库索引", en: "Music library index" },
      description: {
        zh: "扫描到的歌名、歌手、专辑和文件位置（文件本身不会被删除）",
        en: "Titles, artists, albums and file paths found by the scan (your files are never deleted)",
      },
      count: () => library.count(),
      list: (page) =>
        library
          .list({ limit: page.limit, ...(page.before ? { afterId: Number(page.before) } : {}) })
          .map((i) => ({ id: String(i.id), at: i.addedAt, summary: i.artist ? `${i.artist} — ${i.title}` : i.title, detail: i })),
      eraseAll: () => library.eraseLibrary(),
      exportAll: () => ({ roots: library.roots(), items: library.list({ limit: 1_000_000 }) }),
    },
  ];
}
