import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

/** Status and risk colours live here, once; both themes get them from the CSS tokens. */
export const badgeVariants = cva(
  "inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
  {
    variants: {
      tone: {
        success: "bg-success-bg text-success ring-success/30",
        warning: "bg-warning-bg text-warning ring-warning/30",
        danger: "bg-danger-bg text-danger ring-danger/30",
        info: "bg-info-bg text-info ring-info/30",
        neutral: "bg-neutral-bg text-neutral ring-neutral/30",
      },
    },
    defaultVariants: { tone: "neutral" },
  },
);

export type BadgeTone = NonNullable<VariantProps<typeof badgeVariants>["tone"]>;

export function Badge({
  className,
  tone,
  ...props
}: ComponentProps<"span"> & VariantProps<typeof badgeVariants>) {
  return <span className={cn(badgeVariants({ tone }), className)} {...props} />;
}
