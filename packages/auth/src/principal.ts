/** What a caller is, as far as this platform cares. */
export type ActorKindName = "human" | "agent" | "service";

/** The verified caller of a request. */
export interface Principal {
  /** The token's `sub`: the person, agent or service acting. */
  readonly subject: string;
  /** The tenant every request of this caller is confined to; `anyTenant` for platform services. */
  readonly tenant: string;
  readonly roles: readonly string[];
  readonly kind: ActorKindName;
  readonly displayName: string;
}

/** The tenant claim of a platform service token that acts for every tenant (Process, executors). */
export const anyTenant = "*";

/** Roles of people and agents. */
export const humanRoles = ["viewer", "operator", "approver", "admin"] as const;

const executorPrefix = "executor:";

/** The role of an executor class, e.g. "executor:toolrun.verify". */
export function executorRole(queueRef: string): string {
  return `${executorPrefix}${queueRef}`;
}

/** Roles only platform services hold: `process` and `executor:<class>`. */
export function isServiceRole(role: string): boolean {
  return role === "process" || (role.startsWith(executorPrefix) && role.length > executorPrefix.length);
}

/** The executor classes a caller may report work for. */
export function executorClassesOf(principal: Principal): string[] {
  return principal.roles.filter((r) => r.startsWith(executorPrefix)).map((r) => r.slice(executorPrefix.length));
}

/** True when `role` is one of `allowed`; "executor:*" admits every executor class role. */
export function roleAllowed(allowed: readonly string[], role: string): boolean {
  return allowed.includes(role) || (allowed.includes(`${executorPrefix}*`) && isServiceRole(role) && role !== "process");
}
