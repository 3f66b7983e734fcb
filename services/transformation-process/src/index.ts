export { startProcessService, type ProcessService, type ProcessServiceConfig } from "./process-service.js";
export { processInstanceIdFor, processInstancePrefix } from "./process-instance-id.js";
export { startFactIngress, ingressGroupId } from "./fact-ingress.js";
export { createActivities, type RunActivities } from "./activities.js";
export {
  boardKind,
  cancelRunSignal,
  decideGateUpdate,
  processDefinitionId,
  processTaskQueue,
  runStateQuery,
  runViewQuery,
  runWorkflowType,
  workFactSignal,
} from "./workflows/definitions.js";
