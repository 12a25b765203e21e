// One llama.cpp runtime per process (node-llama-cpp), shared by the conversation model and the embedder.
// It never builds from source at run time: the prebuilt binaries come with the npm package.
import type { Llama } from "node-llama-cpp";

let llamaPromise: Promise<Llama> | undefined;
let llamaGpu: "auto" | "off" | undefined;

export async function getLlamaRuntime(gpu: "auto" | "off"): Promise<Llama> {
  if (!llamaPromise || llamaGpu !== gpu) {
    const { getLlama } = await import("node-llama-cpp");
    llamaGpu = gpu;
    llamaPromise = getLlama({ gpu: gpu === "off" ? false : "auto", build: "never", logLevel: "error" as never });
  }
  return llamaPromise;
}
