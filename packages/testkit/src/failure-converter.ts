import { DefaultFailureConverter } from "@temporalio/common";

/** Temporal's default failure converter, for clients built with an already-loaded data converter. */
export const failureConverter = new DefaultFailureConverter();
