/** What a console link opens. */
export interface ConsoleLinkScope {
  readonly tenant: string;
  readonly repository: string;
  readonly initiative: string;
  /** A run whose timeline opens with the board. */
  readonly card?: string;
}

/**
 * The console's link for a board, carrying the caller's token in the fragment: browsers never
 * send a fragment to a server, and the console moves it into the tab's session storage.
 */
export function platformConsoleUrl(scope: ConsoleLinkScope, token: string, projectionUrl = process.env.PROJECTION_URL || "http://127.0.0.1:8083"): string {
  const url = new URL("/console/", projectionUrl);
  url.searchParams.set("tenant", scope.tenant);
  url.searchParams.set("repository", scope.repository);
  url.searchParams.set("initiative", scope.initiative);
  url.searchParams.set("all", "1");
  if (scope.card !== undefined) url.searchParams.set("card", scope.card);
  if (token !== "") url.hash = new URLSearchParams({ token }).toString();
  return url.toString();
}
