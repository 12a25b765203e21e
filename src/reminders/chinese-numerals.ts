// Chinese numerals as people say times and counts: 三, 十, 十一, 二十三, 两, 〇五, and Arabic digits
// (half- or full-width) mixed in. Enough for hours, minutes, days and small counts, not for money.

const digits: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** A regex fragment matching one number token (Arabic or Chinese). */
export const numberPattern = "(?:\\d+|[零〇一二两三四五六七八九十百]+)";

/** Full-width digits and colon to ASCII, so one grammar handles both. */
export function normalizeWidth(text: string): string {
  return text.replace(/[０-９：]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Parses "23", "二十三", "十", "两", "一百零五", "〇五"; null when it is not a number. */
export function parseChineseNumber(token: string): number | null {
  if (/^\d+$/.test(token)) return Number(token);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(token)) return null;
  // Digit-by-digit form ("〇五", "二〇二六").
  if (!/[十百]/.test(token)) {
    let value = 0;
    for (const c of token) value = value * 10 + (digits[c] ?? 0);
    return value;
  }
  let total = 0;
  let current = 0;
  for (const c of token) {
    if (c === "百") {
      total += (current || 1) * 100;
      current = 0;
    } else if (c === "十") {
      total += (current || 1) * 10;
      current = 0;
    } else {
      current = digits[c] ?? 0;
    }
  }
  return total + current;
}
