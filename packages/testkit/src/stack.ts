import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import type { StackInfo } from "@ameide/stack";
import "./global-setup.js";

/** Addresses of the stack the global setup brought up. */
export function testStack(): StackInfo {
  return inject("stack");
}

/** A name no other spec file or run uses: for consumer groups, task queues, workflow ids, keys. */
export function uniqueName(label: string): string {
  return `${label}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}
