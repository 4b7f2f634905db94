import * as v from "valibot";

/** A query-string integer in `[min, max]`: digits only, never coerced from other text. */
export const queryInteger = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^(0|[1-9]\d{0,9})$/, "must be a whole number"),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** A non-empty query-string value of at most 256 characters. */
export const queryText = v.pipe(
  v.string(),
  v.minLength(1, "must not be empty"),
  v.maxLength(256, "must be at most 256 characters"),
);
