// The error mapping lives in the kernel (capabilities' own routes use it too); the server's modules import it here.
export * from "../kernel/api-errors.js";
