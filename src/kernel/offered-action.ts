// An action Guimi offered to take in something it said first (a song, sleep sounds, the lamp). It travels with the
// care message, so a "好"/"yes" right after can be routed to the capability that does it.
export type OfferedAction =
  | { kind: "play"; what: "music"; query: string }
  | { kind: "play"; what: "sleep-sounds"; query: string }
  | { kind: "lamp"; action: "off" | "dim" };

/** How long a "好" still answers an offer (the same for every capability that carries one out). */
export const OFFER_OPEN_MS = 30 * 60_000;

/** 好 / 好的 / 嗯 / 可以 / yes / sure…: a whole answer of yes, nothing more. */
export function isAcceptance(text: string): boolean {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s!！。.~～,，]+$/u, "");
  return /^(好|好的|好啊|好呀|好吧|嗯|嗯嗯|可以|可以啊|行|行啊|来吧|放吧|要|要的|听|好听|开始吧|yes|yeah|yep|sure|ok|okay|please|yes please|go ahead|let's do it|sounds good)$/u.test(
    t,
  );
}
