import { create, type DescField, type DescMessage, type DescMethod, getOption, type Message } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextKey, type HandlerContext, type Interceptor } from "@connectrpc/connect";
import { AuthenticationError, anyTenant, type Principal, roleAllowed, type TokenVerifier } from "@ameide/auth";
import { access, type MethodAccess } from "@ameide/proto/ameide_core_proto/platform/auth/v1/platform_auth_options_pb";
import { ActorKind, ActorSchema } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";

/** The verified caller of the request being handled; set by the auth interceptor. */
export const principalKey = createContextKey<Principal | undefined>(undefined, { description: "the verified caller" });

/** The caller of a request that passed the auth interceptor. */
export function callerOf(ctx: HandlerContext): Principal {
  const principal = ctx.values.get(principalKey);
  if (principal === undefined) throw new ConnectError("request reached a handler without an authenticated caller", Code.Internal);
  return principal;
}

/**
 * Services open to every caller: health checks, and server reflection, which only describes the
 * public contracts (the same protos any client is built from) and reaches no data.
 */
const openServices = new Set(["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"]);

/**
 * Authenticate (bearer JWT), then authorize by the method's `access` option in proto: one of its
 * roles, and the request's scope in the caller's tenant. The request's actor becomes the caller.
 * A method without an access rule is closed. Runs before validation and the handler, so a refused
 * request changes nothing.
 */
/** Each method's access rule, read from its descriptor once (not parsed again per request). */
const rules = new WeakMap<DescMethod, MethodAccess>();
function accessRuleOf(method: DescMethod): MethodAccess {
  let rule = rules.get(method);
  if (rule === undefined) rules.set(method, (rule = getOption(method, access)));
  return rule;
}

export function createAuthInterceptor(verifier: TokenVerifier): Interceptor {
  return (next) => async (req) => {
    if (openServices.has(req.service.typeName)) return next(req);
    const rule = accessRuleOf(req.method);
    const method = `${req.service.typeName}/${req.method.name}`;
    if (rule.roles.length === 0) throw new ConnectError(`${method} declares no access rule; it is closed to every caller`, Code.PermissionDenied);
    let principal: Principal;
    try {
      principal = await verifier.verify(req.header.get("authorization"));
    } catch (error) {
      if (error instanceof AuthenticationError) throw new ConnectError(error.message, Code.Unauthenticated);
      throw error;
    }
    if (!principal.roles.some((role) => roleAllowed(rule.roles, role))) {
      throw new ConnectError(
        `${method} needs one of the roles ${rule.roles.join(", ")}; the token of "${principal.subject}" has ${principal.roles.join(", ")}`,
        Code.PermissionDenied,
      );
    }
    req.contextValues.set(principalKey, principal);
    if (!req.stream) {
      admit(principal, rule, req.method.input, req.message);
      return next(req);
    }
    return next({ ...req, message: admitEach(principal, rule, req.method.input, req.message) });
  };
}

async function* admitEach<T extends Message>(principal: Principal, rule: MethodAccess, schema: DescMessage, messages: AsyncIterable<T>): AsyncIterable<T> {
  for await (const message of messages) {
    admit(principal, rule, schema, message);
    yield message;
  }
}

/** The scope's tenant must be the caller's; the actor is the caller, whatever the payload said. */
function admit(principal: Principal, rule: MethodAccess, schema: DescMessage, message: Message): void {
  const scope = fieldAt(schema, message, rule.scopeField);
  const tenantId = (scope?.value as { tenantId?: string } | undefined)?.tenantId ?? "";
  // An empty tenant is left to validation, which names the missing field.
  if (tenantId !== "" && principal.tenant !== anyTenant && tenantId !== principal.tenant) {
    throw new ConnectError(`${rule.scopeField}.tenant_id "${tenantId}" is not the token's tenant "${principal.tenant}"`, Code.PermissionDenied);
  }
  if (rule.actorField === "") return;
  const actor = fieldAt(schema, message, rule.actorField);
  if (actor?.parent === undefined) return;
  actor.parent[actor.localName] = create(ActorSchema, { actorId: principal.subject, kind: actorKinds[principal.kind], displayName: principal.displayName });
}

const actorKinds = { human: ActorKind.HUMAN, agent: ActorKind.AGENT, service: ActorKind.SERVICE } as const;

/** The field at a dotted proto path ("context.scope") and the message holding it (no parent when one on the way is unset). */
function fieldAt(schema: DescMessage, message: Message, path: string): { parent?: Record<string, unknown>; localName: string; value: unknown } | undefined {
  if (path === "") return undefined;
  let desc: DescMessage | undefined = schema;
  let holder = message as unknown as Record<string, unknown> | undefined;
  const parts = path.split(".");
  for (const [i, part] of parts.entries()) {
    const field: DescField | undefined = desc?.fields.find((f) => f.name === part);
    if (field === undefined) throw new Error(`access rule names field "${path}", which ${schema.typeName} does not have`);
    if (i === parts.length - 1) return { parent: holder, localName: field.localName, value: holder?.[field.localName] };
    holder = holder?.[field.localName] as Record<string, unknown> | undefined;
    desc = field.message;
  }
  return undefined;
}
