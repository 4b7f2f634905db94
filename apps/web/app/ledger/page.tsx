import { LedgerView } from "@/components/ledger-view";

export default function LedgerPage() {
  return <LedgerView />;
}
