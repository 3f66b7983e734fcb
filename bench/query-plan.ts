import type pg from "pg";

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Sort Method"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

/**
 * EXPLAIN ANALYZE of one statement, as one line: the plan's nodes from the top (rows each
 * produced per loop × loops, rows a filter dropped, index used, sort method) and the execution time, e.g.
 * `Limit (101) → Index Scan using card_pkey (101); 0.3 ms`.
 */
export async function explainSummary(db: pg.Pool, statement: string, params: readonly unknown[]): Promise<string> {
  const { rows } = await db.query<{ "QUERY PLAN": Array<{ Plan: PlanNode; "Execution Time": number }> }>(`explain (analyze, format json) ${statement}`, [
    ...params,
  ]);
  const explained = rows[0]?.["QUERY PLAN"][0];
  if (explained === undefined) return "(no plan)";
  return `${describeNode(explained.Plan)}; ${explained["Execution Time"].toFixed(1)} ms`;
}

function describeNode(node: PlanNode): string {
  const index = node["Index Name"] === undefined ? "" : ` using ${node["Index Name"]}`;
  const sort = node["Sort Method"] === undefined ? "" : `, ${node["Sort Method"]}`;
  const loops = node["Actual Loops"] ?? 1;
  const rows = ((node["Actual Rows"] ?? 0) * loops).toLocaleString("en-US");
  const removed = node["Rows Removed by Filter"] === undefined ? "" : `, ${(node["Rows Removed by Filter"] * loops).toLocaleString("en-US")} filtered out`;
  const self = `${node["Node Type"]}${index} (${rows}${removed}${sort})`;
  const children = node.Plans ?? [];
  if (children.length === 0) return self;
  if (children.length === 1 && children[0] !== undefined) return `${self} → ${describeNode(children[0])}`;
  return `${self} → [${children.map(describeNode).join("; ")}]`;
}
