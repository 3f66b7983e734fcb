import { fileURLToPath } from "node:url";

/** Absolute path of the converter module, for `dataConverter.payloadConverterPath`. */
export const payloadConverterPath = fileURLToPath(new URL("./payload-converter.ts", import.meta.url));
