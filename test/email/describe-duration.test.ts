// How emails word a link's lifetime: the largest unit that divides it exactly.
import { describe, expect, it } from "vitest";
import { describeDuration } from "../../src/runtime/mail/describe-duration.js";

describe("describeDuration", () => {
  it.each([
    [3_600_000, "1 hour"],
    [3 * 86_400_000, "3 days"],
    [86_400_000, "1 day"],
    [90 * 60_000, "90 minutes"],
    [2 * 3_600_000, "2 hours"],
    [45_000, "45 seconds"],
    [1_000, "1 second"],
    [1_500, "2 seconds"],
  ])("%d ms reads %s", (milliseconds, words) => {
    expect(describeDuration(milliseconds)).toBe(words);
  });
});
