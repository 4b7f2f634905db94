import { NotificationsView } from "@/components/notifications-view";

export default function NotificationsPage() {
  return <NotificationsView />;
}
