import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, type LoggerOptions } from "../src/logger.js";

function capture(fields?: Record<string, unknown>, options: Omit<LoggerOptions, "write"> = {}) {
  const lines: string[] = [];
  const logger = createLogger(fields, { ...options, write: (line) => lines.push(line) });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, parsed };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createLogger", () => {
  it("writes one JSON object per line: time, level, msg, then bound and call fields", () => {
    const { logger, lines, parsed } = capture({ service: "domain" });
    logger.info("work requested", { workRequestId: "w-1" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    const [line] = parsed();
    expect(Object.keys(line ?? {})).toEqual(["time", "level", "msg", "service", "workRequestId"]);
    expect(line).toMatchObject({ level: "info", msg: "work requested", service: "domain", workRequestId: "w-1" });
    expect(new Date(String(line?.["time"])).toISOString()).toBe(line?.["time"]);
  });

  it("drops lines below its level", () => {
    const { logger, parsed } = capture({}, { level: "warn" });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(parsed().map((line) => [line["level"], line["msg"]])).toEqual([
      ["warn", "w"],
      ["error", "e"],
    ]);
  });

  it("takes its default level from LOG_LEVEL, else info", () => {
    vi.stubEnv("LOG_LEVEL", "debug");
    const debug = capture();
    debug.logger.debug("shown");
    expect(debug.lines).toHaveLength(1);
    vi.stubEnv("LOG_LEVEL", "");
    const info = capture();
    info.logger.debug("hidden");
    info.logger.info("shown");
    expect(info.parsed().map((line) => line["msg"])).toEqual(["shown"]);
  });

  it("serializes errors as name, message and stack, and bigints as strings", () => {
    const { logger, parsed } = capture();
    const error = new TypeError("boom");
    logger.error("failed", { error, nested: { cause: error }, version: 12345678901234567890n });
    const [line] = parsed();
    expect(line?.["error"]).toEqual({ name: "TypeError", message: "boom", stack: error.stack });
    expect(line?.["nested"]).toEqual({ cause: { name: "TypeError", message: "boom", stack: error.stack } });
    expect(line?.["version"]).toBe("12345678901234567890");
  });

  it("binds fields in children, inheriting level and writer; call fields win over bound ones", () => {
    const { logger, parsed } = capture({ service: "domain", step: "outer" }, { level: "info" });
    const child = logger.child({ step: "inner", tenantId: "t-1" });
    child.debug("hidden");
    child.info("shown", { attempt: 2 });
    child.info("overridden", { tenantId: "t-2" });
    expect(parsed()).toEqual([
      expect.objectContaining({ msg: "shown", service: "domain", step: "inner", tenantId: "t-1", attempt: 2 }),
      expect.objectContaining({ msg: "overridden", tenantId: "t-2" }),
    ]);
  });

  it("keeps its own time, level and msg when fields use those names", () => {
    const { logger, parsed } = capture({ level: "bogus" });
    logger.warn("real", { msg: "fake" });
    expect(parsed()[0]).toMatchObject({ level: "warn", msg: "real" });
  });

  it("still writes a line when fields cannot be serialized", () => {
    const { logger, parsed } = capture();
    const circular: Record<string, unknown> = {};
    circular["self"] = circular;
    logger.info("circular", { circular });
    expect(parsed()[0]).toMatchObject({ level: "info", msg: "circular" });
    expect(String(parsed()[0]?.["logError"])).toContain("not serializable");
  });
});
