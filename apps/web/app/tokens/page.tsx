import { TokensView } from "@/components/tokens-view";

export default function TokensPage() {
  return <TokensView />;
}
