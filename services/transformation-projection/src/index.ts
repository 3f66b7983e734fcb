export { startProjectionService, type ProjectionService, type ProjectionServiceConfig } from "./projection-service.js";
export { projectionGroupFor, projectionGroupId, projectedTopics, startProjectionConsumers } from "./projection-consumer.js";
export { applyFact, applyFacts, boardIdOf, type ApplyOutcome, type FactRecord, type MappingSource } from "./apply-fact.js";
export { openProjectionDb, type ProjectionDatabase } from "./projection-database.js";
export { cardView, type ColumnMapping } from "./card-view.js";
export { cardFacts, type CardFacts } from "./card-facts.js";
export { runTimeline } from "./run-timeline.js";
