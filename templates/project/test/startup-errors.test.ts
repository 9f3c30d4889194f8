// The boot failures a user causes get one line naming the setting: a port already in use and a
// database that cannot be opened (on SQLite: a folder that does not exist).
import net from "node:net";
import { describe, expect, it } from "vitest";
import { connectDatabase } from "../src/db.js";
import { loadProjectSettings } from "../src/settings.js";
import { describeDatabaseError, describeListenError } from "../src/startup-errors.js";
import { testEnv } from "./support/app.js";
import { UNREACHABLE_DATABASE_URL } from "./support/database.js";

describe("startup errors", () => {
  it("a port in use names PORT and the fix", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const second = net.createServer();
    const error = await new Promise<Error>((resolve) => second.once("error", resolve).listen(port, "127.0.0.1"));
    taken.close();
    const settings = loadProjectSettings(testEnv(UNREACHABLE_DATABASE_URL, { PORT: String(port) }));
    expect(describeListenError(error, settings)).toBe(`PORT ${port} is already in use on 127.0.0.1: stop the other server, or set another PORT in .env`);
    expect(describeListenError(new Error("a bug of ours"), settings)).toBeUndefined();
  });

  it("a database that cannot be opened names DATABASE_URL, in one line", async () => {
    const error = await connectDatabase(UNREACHABLE_DATABASE_URL).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    const line = describeDatabaseError(error, UNREACHABLE_DATABASE_URL);
    expect(line).toMatch(/^DATABASE_URL="/);
    expect(line).not.toContain("\n");
  });

  it("keeps a database password out of the line", () => {
    const line = describeDatabaseError(new Error("Can't reach database server"), "postgresql://app:s3cret@db.example.com:5432/app");
    expect(line).toContain("postgresql://app:***@db.example.com:5432/app");
    expect(line).not.toContain("s3cret");
  });
});
