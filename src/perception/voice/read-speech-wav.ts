// File access for WAV input, kept apart so the decoder itself stays pure.
import { readFile } from "node:fs/promises";
import { decodeSpeechWav, type DecodedAudio } from "./wav.js";

/** Reads a WAV file from disk as 16 kHz mono Float32. */
export async function readSpeechWav(path: string, options: { resample?: boolean } = {}): Promise<DecodedAudio> {
  return decodeSpeechWav(new Uint8Array(await readFile(path)), options);
}
