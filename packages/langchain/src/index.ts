/** `@faramesh/langchain`: put the Faramesh gate in front of LangChain tools. */
export { deniedMessage } from "./denial.js";
export { governTools } from "./govern-tools.js";
export { GovernedTool, type GovernedToolOptions } from "./governed-tool.js";
