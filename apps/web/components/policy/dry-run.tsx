"use client";

/** Placeholder until the plan route lands; replaced by the dry run. */
export function DryRun() {
  return null;
}
