import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** The SPEC 6.4 metrics, in a registry of their own so several apps can share a process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: "faramesh_http_requests_total",
      help: "HTTP requests by method, route and status",
      labelNames: ["method", "route", "status"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "faramesh_http_request_duration_seconds",
      help: "HTTP request duration",
      labelNames: ["method", "route"] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    actions: new Counter({
      name: "faramesh_actions_total",
      help: "Actions entering a status, by status and tool",
      labelNames: ["status", "tool"] as const,
      registers,
    }),
    decisions: new Counter({
      name: "faramesh_decisions_total",
      help: "Decisions by outcome and reason code",
      labelNames: ["outcome", "reason_code"] as const,
      registers,
    }),
    decisionDuration: new Histogram({
      name: "faramesh_decision_duration_seconds",
      help: "Time to decide one action",
      buckets: [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01],
      registers,
    }),
    pendingApprovals: new Gauge({
      name: "faramesh_pending_approvals",
      help: "Actions waiting for a human",
      registers,
    }),
    sseDelivery: new Histogram({
      name: "faramesh_sse_delivery_seconds",
      help: "Time from an event's commit to its write to a subscriber's socket (oldest frame per write)",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    sseSubscribers: new Gauge({
      name: "faramesh_sse_subscribers",
      help: "Open Server-Sent Events streams",
      registers,
    }),
    approvalRejections: new Counter({
      name: "faramesh_approval_rejections_total",
      help: "Refused approval attempts, by caller (anonymous or authenticated) and whether the ledger recorded them",
      labelNames: ["caller", "recorded"] as const,
      registers,
    }),
    notifications: new Counter({
      name: "faramesh_notifications_total",
      help: "Notification delivery attempts by channel and outcome (delivered, failed and retried later, dead)",
      labelNames: ["channel", "outcome"] as const,
      registers,
    }),
    notificationLatency: new Histogram({
      name: "faramesh_notification_delivery_seconds",
      help: "Time from a notified ledger event's commit to its delivery, retries included",
      labelNames: ["channel"] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers,
    }),
    policyReloadErrors: new Counter({
      name: "faramesh_policy_reload_errors_total",
      help: "Policy or profile reloads refused because the new file was invalid",
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
