import { openLocalIssuer, parseDuration } from "@ameide/auth";
import { localIssuerDir, platformConsoleUrl } from "@ameide/platform/local";
import { consoleLinkToken, localUserSubject } from "./cli-auth.js";
import { CliError, ExitCode } from "./cli-errors.js";

/** Options of `ameide token`. */
export interface TokenOptions {
  readonly tenant: string;
  readonly role: string[];
  readonly subject?: string;
  readonly ttl: string;
  readonly kind: "human" | "agent" | "service";
}

/** `ameide token`: a token signed by the local development issuer, printed alone on stdout. */
export async function tokenCommand(options: TokenOptions): Promise<number> {
  const ttlSeconds = parseDuration(options.ttl);
  if (ttlSeconds === undefined) throw new CliError(`--ttl ${options.ttl} is not a duration`, "give e.g. 90s, 15m, 8h or 2d", ExitCode.Usage);
  const issuer = await openLocalIssuer(localIssuerDir);
  const token = await issuer.mint({
    subject: options.subject ?? localUserSubject(),
    tenant: options.tenant,
    roles: options.role.length > 0 ? options.role : ["viewer"],
    ttlSeconds,
    kind: options.kind,
  });
  console.log(token);
  return ExitCode.Ok;
}

/** Options of `ameide console`. */
export interface ConsoleOptions {
  readonly tenant: string;
  readonly repository: string;
  readonly initiative: string;
}

/** `ameide console`: the local console's link, signed in as the local user for eight hours. */
export async function consoleCommand(options: ConsoleOptions): Promise<number> {
  const token = await consoleLinkToken(options.tenant);
  console.log(platformConsoleUrl({ tenant: options.tenant, repository: options.repository, initiative: options.initiative }, token));
  return ExitCode.Ok;
}
