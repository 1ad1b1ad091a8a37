// The table-name rule of the Postgres store and inbox, stated whole in the error (no Postgres needed: names are
// checked when the store is created): the part before the dot and the part after each follow it.
import { describe, expect, it } from "vitest";
import { P100WebhookConfigurationError } from "../../src/webhooks/errors.js";
import { createPostgresIdempotencyStore, createPostgresWebhookInbox } from "../../src/webhooks/postgres.js";

const pool = { query: async () => ({ rows: [] }) };

describe("Postgres table names", () => {
  it("accepts letters, digits and underscores, a leading underscore, and 48 characters per part", () => {
    for (const table of ["webhooks", "_private", "app.p100_claims", `${"s".repeat(48)}.${"t".repeat(48)}`, "T2"]) {
      expect(() => createPostgresIdempotencyStore({ pool, table }), table).not.toThrow();
      expect(() => createPostgresWebhookInbox({ pool, table }), table).not.toThrow();
    }
  });

  it("refuses a leading digit, a 49th character, other characters and more than two parts, stating the whole rule", () => {
    for (const table of [
      "1claims",
      "app.2claims",
      "t".repeat(49),
      `app.${"t".repeat(49)}`,
      "claims-x",
      "a.b.c",
      "",
      "é",
    ]) {
      for (const create of [
        () => createPostgresIdempotencyStore({ pool, table }),
        () => createPostgresWebhookInbox({ pool, table }),
      ]) {
        expect(create, table).toThrow(P100WebhookConfigurationError);
        expect(create, table).toThrow(
          /starting with a letter or an underscore \(no leading digit\).*at most 48 characters per part/,
        );
      }
    }
  });
});
