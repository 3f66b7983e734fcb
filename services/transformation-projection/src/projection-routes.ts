import { create, fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import type { Kysely } from "kysely";
import { CardSchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import {
  KanbanQueryService,
  GetKanbanDeltasResponseSchema,
  KanbanUpdatesService,
  WatchKanbanUpdatesResponseSchema,
} from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import type { BoardNotifier } from "./board-notifier.js";
import { boardDeltas, boardHead, boardOf, boardPage, boardSeqOf, resolvedScope } from "./board-queries.js";
import { cardFacts } from "./card-facts.js";
import type { ProjectionDatabase } from "./projection-database.js";
import { runTimeline } from "./run-timeline.js";
import { appendStoredCard, responseEncodingOf } from "./stored-cards.js";

/** The Kanban read surfaces: board pages, deltas, run timelines, and live board_seq updates. */
export function projectionRoutes(db: Kysely<ProjectionDatabase>, notifier: BoardNotifier): (router: ConnectRouter) => void {
  return (router) => {
    router.service(KanbanQueryService, {
      async getKanbanBoard(req, ctx) {
        const { boardId, ref } = boardOf(req.scope);
        const page = await boardPage(
          db,
          boardId,
          resolvedScope(req.scope).processDefinitionId,
          {
            size: req.pageSize || 100,
            token: req.pageToken,
            columnKey: req.columnKey,
            includeArchived: req.includeArchived,
          },
          responseEncodingOf(ctx),
        );
        return { board: ref, columns: page.columns, nextPageToken: page.nextPageToken, readContext: page.readContext };
      },
      async getKanbanDeltas(req, ctx) {
        const { boardId, ref } = boardOf(req.scope);
        const deltas = await boardDeltas(db, boardId, req.sinceBoardSeq, req.limit || 500);
        const response = create(GetKanbanDeltasResponseSchema, {
          board: ref,
          archivedCardIds: deltas.cards.filter((c) => c.archived).map((c) => c.cardId),
          boardSeq: deltas.boardSeq,
          hasMore: deltas.hasMore,
          readContext: deltas.readContext,
        });
        const encoding = responseEncodingOf(ctx);
        for (const card of deltas.cards) {
          if (!card.archived) appendStoredCard(response, GetKanbanDeltasResponseSchema.field.upsertedCards, card.view, encoding);
        }
        return response;
      },
      async getRunTimeline(req) {
        const { boardId } = boardOf(req.scope);
        const tenantId = req.scope?.tenantId ?? "";
        const row = await db
          .selectFrom("card")
          .select(["view", "board_id"])
          .where("tenant_id", "=", tenantId)
          .where("card_id", "=", req.cardId)
          .executeTakeFirst();
        if (row === undefined || row.board_id !== boardId) {
          throw new ConnectError(`card_id "${req.cardId}" is not on this board (check tenant, repository, initiative)`, Code.NotFound);
        }
        const stored = await db
          .selectFrom("card_fact")
          .select(["source_topic", "payload"])
          .where("tenant_id", "=", tenantId)
          .where("card_id", "=", req.cardId)
          .execute();
        const entries = runTimeline(cardFacts(stored.map((s) => ({ sourceTopic: s.source_topic, payload: s.payload }))));
        return { card: fromBinary(CardSchema, row.view), entries, readContext: await boardHead(db, boardId) };
      },
    });
    router.service(KanbanUpdatesService, {
      async *watchKanbanUpdates(req, context) {
        const { boardId, ref } = boardOf(req.scope);
        const pending: bigint[] = [];
        let wake: (() => void) | undefined;
        // Subscribe before reading the current seq, so no change falls in between.
        const unsubscribe = notifier.subscribe(boardId, (seq) => {
          pending.push(seq);
          wake?.();
        });
        context.signal.addEventListener("abort", () => wake?.());
        try {
          let last = req.sinceBoardSeq;
          const current = await boardSeqOf(db, boardId);
          if (current > last) {
            yield create(WatchKanbanUpdatesResponseSchema, { board: ref, boardSeq: current });
            last = current;
          }
          while (!context.signal.aborted) {
            if (pending.length === 0) await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
            for (const seq of pending.splice(0).sort((a, b) => (a < b ? -1 : 1))) {
              if (seq <= last) continue;
              last = seq;
              yield create(WatchKanbanUpdatesResponseSchema, { board: ref, boardSeq: seq });
            }
          }
        } finally {
          unsubscribe();
        }
      },
    });
  };
}
