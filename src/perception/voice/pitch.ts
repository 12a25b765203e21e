// Fundamental frequency by YIN (de Cheveigné & Kawahara, 2002): the cumulative-mean-normalised
// difference function is robust to the octave errors that plain autocorrelation makes.

export interface PitchOptions {
  sampleRate: number;
  minHz?: number;
  maxHz?: number;
  /** Absolute threshold on the normalised difference; lower is stricter about voicing. */
  threshold?: number;
}

export interface PitchEstimate {
  /** Hz, or 0 when the frame is unvoiced. */
  hz: number;
  /** Aperiodicity 0..1 at the chosen lag (small = clearly periodic). */
  aperiodicity: number;
}

/**
 * F0 of one frame. `frame` must hold at least `window + sampleRate / minHz` samples; the first
 * `window` samples are compared with their lagged copies.
 */
export function yinPitch(frame: Float32Array, window: number, options: PitchOptions): PitchEstimate {
  const minHz = options.minHz ?? 70;
  const maxHz = options.maxHz ?? 500;
  const threshold = options.threshold ?? 0.15;
  const tauMin = Math.max(2, Math.floor(options.sampleRate / maxHz));
  const tauMax = Math.min(Math.floor(options.sampleRate / minHz), frame.length - window - 1);
  if (tauMax <= tauMin) return { hz: 0, aperiodicity: 1 };

  const d = new Float32Array(tauMax + 2);
  for (let tau = 1; tau <= tauMax + 1; tau++) {
    let sum = 0;
    for (let j = 0; j < window; j++) {
      const diff = frame[j]! - frame[j + tau]!;
      sum += diff * diff;
    }
    d[tau] = sum;
  }
  // Cumulative mean normalisation, in place.
  const cmnd = new Float32Array(tauMax + 2);
  cmnd[0] = 1;
  let running = 0;
  for (let tau = 1; tau <= tauMax + 1; tau++) {
    running += d[tau]!;
    cmnd[tau] = running > 0 ? (d[tau]! * tau) / running : 1;
  }

  let tau = -1;
  for (let t = tauMin; t <= tauMax; t++) {
    if (cmnd[t]! < threshold) {
      // Walk down to the bottom of this dip.
      while (t + 1 <= tauMax && cmnd[t + 1]! < cmnd[t]!) t++;
      tau = t;
      break;
    }
  }
  if (tau < 0) {
    let best = tauMin;
    for (let t = tauMin + 1; t <= tauMax; t++) if (cmnd[t]! < cmnd[best]!) best = t;
    return { hz: 0, aperiodicity: cmnd[best]! };
  }
  // Parabolic interpolation around the minimum for sub-sample precision.
  const a = cmnd[tau - 1]!;
  const b = cmnd[tau]!;
  const c = cmnd[tau + 1]!;
  const denominator = a - 2 * b + c;
  const shift = denominator !== 0 ? (0.5 * (a - c)) / denominator : 0;
  const refined = tau + Math.max(-0.5, Math.min(0.5, shift));
  return { hz: options.sampleRate / refined, aperiodicity: b };
}
