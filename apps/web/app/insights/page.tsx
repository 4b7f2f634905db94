import { InsightsView } from "@/components/insights/insights-view";

export default function InsightsPage() {
  return <InsightsView />;
}
