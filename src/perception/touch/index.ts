// Public surface of touch perception.
export * from "./touch-event.js";
export * from "./touch-signal.js";
