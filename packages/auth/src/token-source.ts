import { readFileSync, statSync } from "node:fs";
import type { Interceptor } from "@connectrpc/connect";

/** Where a client gets the bearer token for its next call. */
export type TokenSource = () => Promise<string>;

/**
 * A service token read from a file (a mounted Kubernetes secret): read again whenever the file
 * changes, so a rotated secret takes effect without a restart.
 */
export function fileTokenSource(path: string): TokenSource {
  let cached: { mtimeMs: number; token: string } | undefined;
  return () => {
    const { mtimeMs } = statSync(path);
    if (cached?.mtimeMs !== mtimeMs) {
      const token = readFileSync(path, "utf8").trim();
      if (token === "") throw new Error(`service token file ${path} is empty`);
      cached = { mtimeMs, token };
    }
    return Promise.resolve(cached.token);
  };
}

/** A client interceptor that sends `Authorization: Bearer <token>` on every call. */
export function bearerAuth(source: TokenSource): Interceptor {
  return (next) => async (req) => {
    req.header.set("authorization", `Bearer ${await source()}`);
    return next(req);
  };
}
