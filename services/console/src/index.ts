import { fileURLToPath } from "node:url";
import type { StaticFiles } from "@ameide/service-kit";

/** The console's files, served under /console/ by the projection (same origin as its API). */
export const consoleFiles: StaticFiles = {
  prefix: "/console/",
  dir: fileURLToPath(new URL("../public", import.meta.url)),
};
