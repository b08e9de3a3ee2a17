/** How a build schedules its models and tests: chain lengths, connections, the concurrency setting. */
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterEach, describe, expect, it } from "vitest";
import {
  buildConcurrency,
  chainLengths,
  onConnections,
  threadBudget,
  threadsFor,
} from "../../transforms/build.ts";
import { loadProject } from "../../transforms/project.ts";

describe("chainLengths", () => {
  it("counts the longest chain of readers each model starts", async () => {
    const project = await loadProject();
    const length = chainLengths(project, project.order);
    for (const name of project.order) {
      const readers = project.order.filter((n) => project.models.get(n)!.dependsOn.includes(name));
      // A model nobody reads ends its chain; otherwise one more than its longest reader's.
      expect(length.get(name), name).toBe(1 + Math.max(0, ...readers.map((r) => length.get(r)!)));
    }
    // The workforce snapshot's chain: the snapshot, the wage cells, the wage statistics, ... .
    expect(length.get("marts.dim_people")!).toBeGreaterThan(length.get("marts.fct_workforce_monthly")!);
    expect(length.get("marts.fct_workforce_monthly")!).toBeGreaterThan(
      length.get("marts.fct_wage_earner_cells")!,
    );
  });

  it("counts only the models given (a partial build)", async () => {
    const project = await loadProject();
    const length = chainLengths(project, ["marts.fct_workforce_monthly", "marts.fct_wage_earner_cells"]);
    expect(Object.fromEntries(length)).toEqual({
      "marts.fct_workforce_monthly": 2,
      "marts.fct_wage_earner_cells": 1,
    });
  });
});

describe("onConnections", () => {
  it("runs at most one job per connection at a time and returns results in job order", async () => {
    const cons = [{ id: "a" }, { id: "b" }] as unknown as DuckDBConnection[];
    const busy = new Set<unknown>();
    let most = 0;
    const jobs = [30, 5, 20, 1, 10, 2].map((ms, i) => async (con: DuckDBConnection) => {
      expect(busy.has(con)).toBe(false);
      busy.add(con);
      most = Math.max(most, busy.size);
      await new Promise((r) => setTimeout(r, ms));
      busy.delete(con);
      return i;
    });
    expect(await onConnections(cons, jobs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(await onConnections(cons.slice(0, 1), jobs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });
});

describe("onConnections telling how many connections have a job", () => {
  it("tells the number of connections with a job before any starts, then counts down as they run out", async () => {
    const cons = [{ id: "a" }, { id: "b" }] as unknown as DuckDBConnection[];
    const told: number[] = [];
    const onActive = async (n: number) => {
      told.push(n);
    };
    const jobs = [30, 5, 5].map((ms) => () => new Promise((r) => setTimeout(r, ms)));
    await onConnections(cons, jobs, onActive);
    expect(told).toEqual([2, 1, 0]);
    told.length = 0;
    // One job: the second connection never has one.
    await onConnections(cons, jobs.slice(0, 1), onActive);
    expect(told).toEqual([1, 0]);
    told.length = 0;
    await onConnections(cons, [], onActive);
    expect(told).toEqual([]);
  });
});

describe("threadsFor and threadBudget", () => {
  it("leaves each core one thread: the pool's threads plus one per running query", () => {
    expect([0, 1, 2, 3].map((jobs) => threadsFor(2, jobs))).toEqual([2, 2, 1, 1]);
    expect([1, 2, 4].map((jobs) => threadsFor(8, jobs))).toEqual([8, 7, 5]);
    expect(threadsFor(1, 2)).toBe(1);
  });

  it("sets DuckDB's threads as jobs start and finish, and puts them back", async () => {
    const instance = await DuckDBInstance.create(":memory:", { threads: "4" });
    const con = await instance.connect();
    const threads = async () =>
      Number((await con.runAndReadAll("select current_setting('threads') as t")).getRowObjectsJson()[0]!.t);
    try {
      const budget = await threadBudget(instance);
      await budget.jobs(2);
      expect(await threads()).toBe(3);
      await budget.jobs(3);
      expect(await threads()).toBe(2);
      await budget.jobs(1);
      expect(await threads()).toBe(4);
      await budget.jobs(2);
      await budget.close();
      expect(await threads()).toBe(4);
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  });
});

describe("onConnections after a failure", () => {
  it("starts no other job, lets the running one finish, then throws the failure", async () => {
    const cons = [{ id: "a" }, { id: "b" }] as unknown as DuckDBConnection[];
    const started: number[] = [];
    const ended: number[] = [];
    const jobs = [40, 5, 1, 1, 1].map((ms, i) => async () => {
      started.push(i);
      await new Promise((r) => setTimeout(r, ms));
      if (i === 1) throw new Error("job 1 failed");
      ended.push(i);
      return i;
    });
    await expect(onConnections(cons, jobs)).rejects.toThrow("job 1 failed");
    // Jobs 0 and 1 started together; 1 failed, so 2-4 never started; 0 finished before the throw.
    expect(started).toEqual([0, 1]);
    expect(ended).toEqual([0]);
  });
});

describe("WORKFORCE_BUILD_CONCURRENCY", () => {
  afterEach(() => {
    delete process.env.WORKFORCE_BUILD_CONCURRENCY;
  });

  it("is 2 by default and takes a whole number from 1 to 16", () => {
    expect(buildConcurrency()).toBe(2);
    process.env.WORKFORCE_BUILD_CONCURRENCY = "1";
    expect(buildConcurrency()).toBe(1);
    process.env.WORKFORCE_BUILD_CONCURRENCY = "16";
    expect(buildConcurrency()).toBe(16);
  });

  it.each(["0", "17", "1.5", "two"])("refuses %s with a usage error naming the setting", (value) => {
    process.env.WORKFORCE_BUILD_CONCURRENCY = value;
    expect(() => buildConcurrency()).toThrow(
      `WORKFORCE_BUILD_CONCURRENCY is "${value}": expected a whole number from 1 to 16`,
    );
    try {
      buildConcurrency();
    } catch (e) {
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
  });
});
