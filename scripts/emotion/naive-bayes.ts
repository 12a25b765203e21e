// Reference point, not shipped: multinomial naive Bayes over character 1–2-grams (Laplace smoothing),
// the plain baseline the issue compares against. Trained on the same training rows as the real model.
import { normalizeText } from "../../src/perception/text-emotion/features.js";

function grams(text: string): string[] {
  const chars = Array.from(normalizeText(text).replace(/\s+/gu, ""));
  const out = [...chars];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

export function trainNaiveBayes(rows: readonly { text: string; label: string }[], alpha = 1): (text: string) => string {
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const counts = new Map<string, Map<string, number>>(labels.map((l) => [l, new Map()]));
  const totals = new Map<string, number>(labels.map((l) => [l, 0]));
  const docs = new Map<string, number>(labels.map((l) => [l, 0]));
  const vocab = new Set<string>();
  for (const r of rows) {
    const m = counts.get(r.label)!;
    docs.set(r.label, docs.get(r.label)! + 1);
    for (const g of grams(r.text)) {
      m.set(g, (m.get(g) ?? 0) + 1);
      totals.set(r.label, totals.get(r.label)! + 1);
      vocab.add(g);
    }
  }
  const v = vocab.size;
  const prior = new Map(labels.map((l) => [l, Math.log(docs.get(l)! / rows.length)]));
  return (text) => {
    let best = labels[0]!;
    let bestScore = -Infinity;
    const gs = grams(text);
    for (const l of labels) {
      const m = counts.get(l)!;
      const denom = Math.log(totals.get(l)! + alpha * v);
      let s = prior.get(l)!;
      for (const g of gs) s += Math.log((m.get(g) ?? 0) + alpha) - denom;
      if (s > bestScore) {
        bestScore = s;
        best = l;
      }
    }
    return best;
  };
}
