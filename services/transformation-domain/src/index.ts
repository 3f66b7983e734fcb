export { startDomainBackground, startDomainService, startRelay, type DomainService, type DomainServiceConfig } from "./domain-service.js";
export { DomainError, type DomainErrorReason } from "./domain-error.js";
export { decideWork, evolveWork, type WorkCommand, type WorkFact } from "./work/work-decider.js";
export { decideElement, evolveElement, type ElementCommand, type ElementFact } from "./knowledge/element-decider.js";
