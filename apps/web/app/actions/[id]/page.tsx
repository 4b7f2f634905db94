import { DeepLinkInbox } from "@/components/inbox/deep-link";

/**
 * A static export knows no action ids: one placeholder page is built, and the server answers
 * every `/actions/<id>` with it; the id is read from the address in the browser.
 */
export function generateStaticParams() {
  return [{ id: "_" }];
}

export default function ActionPage() {
  return <DeepLinkInbox />;
}
