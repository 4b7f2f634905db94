import { GrantsView } from "@/components/grants-view";

export default function GrantsPage() {
  return <GrantsView />;
}
