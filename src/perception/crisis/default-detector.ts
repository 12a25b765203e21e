// The layered detector with the committed classifier weights, loaded once per process on first use
// (for one-shot commands such as `guimi emotion`; the daemon's capability holds its own).
import { loadCrisisClassifier, type CrisisClassifier } from "./crisis-classifier.js";
import { detectCrisis, type CrisisAssessment, type CrisisContext } from "./crisis-detector.js";

let shared: CrisisClassifier | null | undefined;

/** The committed classifier, or null when its weights file cannot be read (the rules still run). */
export function defaultCrisisClassifier(): CrisisClassifier | null {
  if (shared === undefined) {
    try {
      shared = loadCrisisClassifier();
    } catch {
      shared = null;
    }
  }
  return shared;
}

/** Rules + classifier (+ context when given) for one utterance. */
export function assessCrisis(text: string, context?: CrisisContext): CrisisAssessment {
  return detectCrisis(text, { classifier: defaultCrisisClassifier(), ...(context ? { context } : {}) });
}
