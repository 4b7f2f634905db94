export * from "./schema/index.js";
export * from "./request-hash.js";
