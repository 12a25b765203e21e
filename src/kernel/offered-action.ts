// An action Guimi offered to take in something it said first (a song, sleep sounds, the lamp). It travels with the
// care message, so a "好"/"yes" right after can be routed to the capability that does it.
export type OfferedAction =
  | { kind: "play"; what: "music"; query: string }
  | { kind: "play"; what: "sleep-sounds"; query: string }
  | { kind: "lamp"; action: "off" | "dim" };
