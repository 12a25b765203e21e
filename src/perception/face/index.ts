// Public surface of face (expression) perception. The camera is opt-in; importing this module does
// not load TensorFlow.js — the first analyze() call does.
export * from "./image-error.js";
export * from "./decode-image.js";
export * from "./face-expressions.js";
export * from "./face-expression-analyzer.js";
export * from "./face-command.js";
