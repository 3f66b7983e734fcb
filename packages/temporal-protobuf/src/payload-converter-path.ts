import { fileURLToPath } from "node:url";

// Beside this module: the TypeScript source when run from source, the compiled file otherwise.
const extension = import.meta.url.endsWith(".ts") ? "ts" : "js";

/** Absolute path of the converter module, for `dataConverter.payloadConverterPath`. */
export const payloadConverterPath = fileURLToPath(new URL(`./payload-converter.${extension}`, import.meta.url));
