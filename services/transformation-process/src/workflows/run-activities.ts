import { proxyActivities } from "@temporalio/workflow";
import type { RunActivities } from "../activities.js";

/** The run's side effects: Domain commands and process-fact emission, retried by Temporal. */
export const activities = proxyActivities<RunActivities>({
  startToCloseTimeout: "30 seconds",
  retry: { initialInterval: "200 milliseconds", maximumInterval: "5 seconds", backoffCoefficient: 2 },
});
