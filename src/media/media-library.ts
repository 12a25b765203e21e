// Her music library in SQLite: items found by the scanner, searched through FTS5, ranked by how well
// they match and by what she plays and says she likes. All writes in transactions.
import type { Db } from "../storage/database.js";
import { indexTokens, matchExpression } from "./media-text.js";

export interface LibraryItem {
  id: number;
  path: string;
  root: string;
  title: string;
  artist: string | null;
  album: string | null;
  genre: string | null;
  durationS: number | null;
  sizeBytes: number;
  mtimeMs: number;
  addedAt: string;
}

export interface ScannedFile {
  path: string;
  title: string;
  artist: string | null;
  album: string | null;
  genre: string | null;
  durationS: number | null;
  sizeBytes: number;
  mtimeMs: number;
  /** Same size and mtime as the indexed copy: its tags were not read again. */
  unchanged?: boolean;
}

export interface Play {
  id: number;
  itemId: number | null;
  kind: string;
  title: string;
  artist: string | null;
  playedAt: string;
}

const columns = `id, path, root, title, artist, album, genre, duration_s AS durationS, size_bytes AS sizeBytes, mtime_ms AS mtimeMs, added_at AS addedAt`;

// Genres (as taggers write them) that answer "来点轻松的" / "something relaxing".
export const relaxingGenres = [
  "ambient",
  "acoustic",
  "chill",
  "chillout",
  "lofi",
  "lo-fi",
  "jazz",
  "classical",
  "piano",
  "new age",
  "easy listening",
  "folk",
  "bossa nova",
  "轻音乐",
  "纯音乐",
  "民谣",
  "古典",
  "爵士",
  "钢琴",
];

export function createMediaLibrary(db: Db, options: { likes?: () => string[] } = {}) {
  const byPath = db.prepare(`SELECT ${columns} FROM media_items WHERE path = ?`);
  const byId = db.prepare(`SELECT ${columns} FROM media_items WHERE id = ?`);
  const insert = db.prepare(
    `INSERT INTO media_items (path, root, title, artist, album, genre, duration_s, size_bytes, mtime_ms, added_at)
     VALUES (@path, @root, @title, @artist, @album, @genre, @durationS, @sizeBytes, @mtimeMs, @addedAt)`,
  );
  const update = db.prepare(
    `UPDATE media_items SET root = @root, title = @title, artist = @artist, album = @album, genre = @genre, duration_s = @durationS,
       size_bytes = @sizeBytes, mtime_ms = @mtimeMs WHERE id = @id`,
  );
  const ftsDelete = db.prepare("DELETE FROM media_fts WHERE rowid = ?");
  const ftsInsert = db.prepare("INSERT INTO media_fts (rowid, title, artist, album, genre) VALUES (?, ?, ?, ?, ?)");
  const remove = db.prepare("DELETE FROM media_items WHERE id = ?");
  const playCounts = db.prepare("SELECT item_id AS itemId, COUNT(*) AS n, MAX(played_at) AS last FROM media_plays WHERE item_id IS NOT NULL GROUP BY item_id");

  function index(id: number, file: Pick<ScannedFile, "title" | "artist" | "album" | "genre">): void {
    ftsDelete.run(id);
    ftsInsert.run(id, indexTokens(file.title), indexTokens(file.artist), indexTokens(file.album), indexTokens(file.genre));
  }

  /** Preference scores: plays (recent ones count more) and the artists she said she likes. */
  function preference(items: LibraryItem[], now: Date): Map<number, number> {
    const plays = new Map<number, { n: number; last: string }>();
    for (const row of playCounts.all() as { itemId: number; n: number; last: string }[]) plays.set(row.itemId, row);
    const likes = (options.likes?.() ?? []).map((l) => l.toLowerCase());
    const scores = new Map<number, number>();
    for (const item of items) {
      const played = plays.get(item.id);
      let score = 0;
      if (played) {
        const days = Math.max(0, (now.getTime() - Date.parse(played.last)) / 86_400_000);
        score += Math.log2(1 + played.n) + 1 / (1 + days / 7);
      }
      const artist = item.artist?.toLowerCase();
      if (artist && likes.some((l) => l.includes(artist))) score += 2;
      scores.set(item.id, score);
    }
    return scores;
  }

  return {
    get(id: number): LibraryItem | undefined {
      return byId.get(id) as LibraryItem | undefined;
    },
    count(): number {
      return (db.prepare("SELECT COUNT(*) AS n FROM media_items").get() as { n: number }).n;
    },
    /** Adds or refreshes the files of one scan, and drops files under that root that are gone. */
    applyScan(root: string, files: ScannedFile[], now: Date, complete: boolean): { added: number; updated: number; removed: number } {
      let added = 0;
      let updated = 0;
      let removed = 0;
      db.transaction(() => {
        const seen = new Set<string>();
        for (const file of files) {
          seen.add(file.path);
          const existing = byPath.get(file.path) as LibraryItem | undefined;
          if (existing) {
            if (
              file.unchanged ||
              (existing.mtimeMs === file.mtimeMs && existing.sizeBytes === file.sizeBytes && existing.root === root && existing.title === file.title)
            )
              continue;
            update.run({ ...file, root, id: existing.id });
            index(existing.id, file);
            updated++;
          } else {
            const id = Number(insert.run({ ...file, root, addedAt: now.toISOString() }).lastInsertRowid);
            index(id, file);
            added++;
          }
        }
        // Only a scan that saw the whole folder may conclude a file is gone.
        if (complete) {
          for (const row of db.prepare("SELECT id, path FROM media_items WHERE root = ?").all(root) as { id: number; path: string }[]) {
            if (seen.has(row.path)) continue;
            ftsDelete.run(row.id);
            remove.run(row.id);
            removed++;
          }
        }
        db.prepare(
          "INSERT INTO media_roots (path, scanned_at, files) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET scanned_at = excluded.scanned_at, files = excluded.files",
        ).run(root, now.toISOString(), files.length);
      })();
      return { added, updated, removed };
    },
    /** Unchanged files of a root (path → mtime/size), so a rescan parses only what changed. */
    known(root: string): Map<string, { mtimeMs: number; sizeBytes: number }> {
      const rows = db.prepare("SELECT path, mtime_ms AS mtimeMs, size_bytes AS sizeBytes FROM media_items WHERE root = ?").all(root) as {
        path: string;
        mtimeMs: number;
        sizeBytes: number;
      }[];
      return new Map(rows.map((r) => [r.path, r]));
    },
    itemsAt(paths: string[]): LibraryItem[] {
      return paths.map((p) => byPath.get(p) as LibraryItem | undefined).filter((i): i is LibraryItem => Boolean(i));
    },
    roots(): { path: string; scannedAt: string; files: number }[] {
      return db.prepare("SELECT path, scanned_at AS scannedAt, files FROM media_roots ORDER BY path").all() as {
        path: string;
        scannedAt: string;
        files: number;
      }[];
    },
    /** Items matching every word of the query, best first: text match, then her preference. */
    search(query: string, now: Date, limit = 20): LibraryItem[] {
      const expression = matchExpression(query);
      if (!expression) return [];
      const rows = db
        .prepare(
          `SELECT ${columns.replace(/(^|, )(\w+)/g, "$1i.$2")}, bm25(media_fts, 3.0, 2.0, 1.0, 0.5) AS score
           FROM media_fts JOIN media_items i ON i.id = media_fts.rowid WHERE media_fts MATCH ? ORDER BY score LIMIT 200`,
        )
        .all(expression) as (LibraryItem & { score: number })[];
      const pref = preference(rows, now);
      // bm25 is negative, smaller is better; preference lifts what she plays among equally good matches.
      return rows
        .map((row) => ({ row, rank: -row.score + 0.5 * (pref.get(row.id) ?? 0) }))
        .sort((a, b) => b.rank - a.rank || a.row.id - b.row.id)
        .slice(0, limit)
        .map(({ row }) => {
          const { score: _score, ...item } = row;
          return item;
        });
    },
    /** "My songs": what she plays and likes first, then the rest of the library in a stable order. */
    mySongs(now: Date, limit = 50): LibraryItem[] {
      const all = db.prepare(`SELECT ${columns} FROM media_items ORDER BY id LIMIT 5000`).all() as LibraryItem[];
      const pref = preference(all, now);
      return all.sort((a, b) => (pref.get(b.id) ?? 0) - (pref.get(a.id) ?? 0) || a.id - b.id).slice(0, limit);
    },
    byGenres(genres: string[], now: Date, limit = 50): LibraryItem[] {
      const all = db.prepare(`SELECT ${columns} FROM media_items WHERE genre IS NOT NULL LIMIT 5000`).all() as LibraryItem[];
      const wanted = genres.map((g) => g.toLowerCase());
      const matching = all.filter((i) => wanted.some((g) => i.genre!.toLowerCase().includes(g)));
      const pref = preference(matching, now);
      return matching.sort((a, b) => (pref.get(b.id) ?? 0) - (pref.get(a.id) ?? 0) || a.id - b.id).slice(0, limit);
    },
    list(page: { limit: number; afterId?: number }): LibraryItem[] {
      return db.prepare(`SELECT ${columns} FROM media_items WHERE id > ? ORDER BY id LIMIT ?`).all(page.afterId ?? 0, page.limit) as LibraryItem[];
    },
    recordPlay(play: { itemId: number | null; kind: string; title: string; artist: string | null }, at: Date): void {
      db.prepare("INSERT INTO media_plays (item_id, kind, title, artist, played_at) VALUES (?, ?, ?, ?, ?)").run(
        play.itemId,
        play.kind,
        play.title,
        play.artist,
        at.toISOString(),
      );
    },
    plays(page: { limit: number; before?: number }): Play[] {
      return db
        .prepare("SELECT id, item_id AS itemId, kind, title, artist, played_at AS playedAt FROM media_plays WHERE id < ? ORDER BY id DESC LIMIT ?")
        .all(page.before ?? Number.MAX_SAFE_INTEGER, page.limit) as Play[];
    },
    playCount(): number {
      return (db.prepare("SELECT COUNT(*) AS n FROM media_plays").get() as { n: number }).n;
    },
    removePlay(id: number): boolean {
      return db.prepare("DELETE FROM media_plays WHERE id = ?").run(id).changes > 0;
    },
    erasePlays(): number {
      return db.prepare("DELETE FROM media_plays").run().changes;
    },
    /** Forgets the whole library index (the files themselves are hers and stay). */
    eraseLibrary(): number {
      let n = 0;
      db.transaction(() => {
        db.prepare("DELETE FROM media_plays").run();
        n = db.prepare("DELETE FROM media_items").run().changes;
        db.prepare("DELETE FROM media_fts").run();
        db.prepare("DELETE FROM media_roots").run();
      })();
      return n;
    },
  };
}

export type MediaLibrary = ReturnType<typeof createMediaLibrary>;
