import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@ameide/testkit";

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase("stack_pg");
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

describe("PostgreSQL from the local stack", () => {
  test("a spec file gets a database of its own", async () => {
    const { rows } = await client.query<{ db: string }>("select current_database() as db");
    expect(rows[0]?.db).toBe(db.name);
  });

  test("a committed row reads back; a rolled-back one does not exist", async () => {
    await client.query("create table work_request (id text primary key, version bigint not null)");
    await client.query("insert into work_request values ($1, $2)", ["wr-1", 1]);
    await client.query("begin");
    await client.query("insert into work_request values ($1, $2)", ["wr-2", 1]);
    await client.query("rollback");
    const { rows } = await client.query<{ id: string; version: string }>("select id, version from work_request order by id");
    expect(rows).toEqual([{ id: "wr-1", version: "1" }]);
  });

  test("the server is PostgreSQL 15", async () => {
    const { rows } = await client.query<{ server_version_num: string }>("show server_version_num");
    expect(Number(rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150000);
  });
});
