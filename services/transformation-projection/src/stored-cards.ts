import { type DescField, fromBinary, type Message } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import type { HandlerContext } from "@connectrpc/connect";
import { type Card, CardSchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";

/**
 * How a response carries the cards it reads: cards are stored as their `Card` encoding (card.view),
 * and a binary response can carry those bytes as they are. On the wire a repeated message field is
 * its elements, each a tag and a length-prefixed encoding, and protobuf-es writes a message's
 * unknown fields verbatim; so a stored card attached to `Column` as an unknown field with the
 * number of `Column.cards` is, for every client, a card in that column (likewise for
 * `GetKanbanDeltasResponse.upserted_cards`), with no decoding and re-encoding here. JSON has no such form: a JSON response gets decoded cards.
 */
export type CardEncoding = "binary" | "json";

/** The codec of the response Connect will write for this request (the request's own). */
export function responseEncodingOf(ctx: HandlerContext): CardEncoding {
  if (ctx.requestMethod === "GET") return new URL(ctx.url).searchParams.get("encoding") === "proto" ? "binary" : "json";
  const type = (ctx.requestHeader.get("content-type") ?? "").split(";", 1)[0]?.trim() ?? "";
  return /^application\/(grpc(-web)?(\+proto)?|(connect\+)?proto)$/i.test(type) ? "binary" : "json";
}

/** Appends a stored card (its Card encoding) to a repeated Card field, in the form the response's codec writes. */
export function appendStoredCard(message: Message, field: DescField, view: Uint8Array, encoding: CardEncoding): void {
  if (field.fieldKind !== "list" || field.message?.typeName !== CardSchema.typeName) throw new Error(`${field.name} is not a repeated Card field`);
  if (encoding === "json") {
    (message as unknown as Record<string, Card[]>)[field.localName]?.push(fromBinary(CardSchema, view));
    return;
  }
  const lengthPrefixed = new BinaryWriter().bytes(view).finish();
  (message.$unknown ??= []).push({ no: field.number, wireType: WireType.LengthDelimited, data: lengthPrefixed });
}
