import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator, type Validator, type Violation, violationsToProto } from "@bufbuild/protovalidate";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";

/**
 * Create a server interceptor that checks every request message against its protovalidate rules
 * before the handler runs, and refuses an invalid one with InvalidArgument naming each field, in the
 * message and as a `buf.validate.Violations` error detail.
 */
export function createValidationInterceptor(): Interceptor {
  const validator = createValidator();
  return (next) => (req) => {
    if (!req.stream) {
      assertValid(validator, req.method.input, req.message);
      return next(req);
    }
    // On the server every method but unary (server-streaming too) reads its input as a stream;
    // each message is checked as the handler pulls it.
    return next({ ...req, message: validateEach(validator, req.method.input, req.message) });
  };
}

async function* validateEach<Desc extends DescMessage>(
  validator: Validator,
  schema: Desc,
  messages: AsyncIterable<MessageShape<Desc>>,
): AsyncIterable<MessageShape<Desc>> {
  for await (const message of messages) {
    assertValid(validator, schema, message);
    yield message;
  }
}

function assertValid<Desc extends DescMessage>(validator: Validator, schema: Desc, message: MessageShape<Desc>): void {
  const result = validator.validate(schema, message);
  if (result.kind === "invalid") {
    const listed = result.violations.map(describeViolation).join("; ");
    // The violations also travel as a structured detail (buf.validate.Violations), for clients in any language.
    const [violations, violationsSchema] = violationsToProto(result.violations);
    throw new ConnectError(`invalid ${schema.name}: ${listed} (fix the named fields and retry; nothing was changed)`, Code.InvalidArgument, undefined, [
      { desc: violationsSchema, value: violations },
    ]);
  }
  if (result.kind === "error") {
    // The rules themselves are broken (a schema or library bug), not the caller's request.
    throw new ConnectError(`cannot validate ${schema.name}: ${result.error.message}`, Code.Internal, undefined, undefined, result.error);
  }
}

function describeViolation(violation: Violation): string {
  const path = pathToString(violation.field);
  // Message-level rules (CEL on the message) have no field to name.
  return path === "" ? violation.message : `${path}: ${violation.message}`;
}
