import { FarameshCommand } from "../base.js";
import { databaseLabel } from "../database.js";
import { CliError } from "../failure.js";
import { visible } from "../output/escape.js";
import { dbEnvironment, serverConfig, serverDbFlag } from "../server-env.js";

export default class Migrate extends FarameshCommand {
  static override summary = "Bring the database to the current schema.";
  static override description =
    "Applies the store's migrations that the database lacks (a new SQLite file is created with its folder) and says which. Safe to run any time: an up-to-date database is left alone. The server does the same on start; run this before rolling out a new version, or to check.";
  static override examples = [
    "<%= config.bin %> migrate",
    "<%= config.bin %> migrate --db ./data/faramesh.db",
    "<%= config.bin %> migrate --db postgres://faramesh@127.0.0.1:5432/faramesh",
  ];
  static override flags = { db: serverDbFlag };

  async run() {
    const { flags } = await this.parse(Migrate);
    const config = await serverConfig(dbEnvironment(flags.db));
    const database = databaseLabel(config.db);
    const { connectStore } = await import("@faramesh/server");
    let applied: string[];
    try {
      const store = connectStore(config);
      try {
        applied = await store.migrate();
      } finally {
        await store.close();
      }
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new CliError(`Could not migrate ${visible(database)}: ${visible(why)}`);
    }
    if (this.jsonEnabled()) {
      this.logJson({ database, applied });
      return;
    }
    if (applied.length === 0) {
      this.log(`${database} is up to date; nothing to apply.`);
      return;
    }
    this.log(
      `Applied ${applied.length} migration${applied.length === 1 ? "" : "s"} to ${database}:`,
    );
    for (const tag of applied) this.log(`  ${tag}`);
  }
}
