import packageJson from "../package.json" with { type: "json" };

/** `runtime_version`: this server package's version, bound into every decision. */
export const VERSION: string = packageJson.version;
