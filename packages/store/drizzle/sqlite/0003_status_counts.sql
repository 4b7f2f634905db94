CREATE TABLE `action_counts` (
	`status` text PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `action_counts` (`status`, `n`) SELECT `status`, count(*) FROM `actions` GROUP BY `status`;--> statement-breakpoint
CREATE TRIGGER `actions_count_insert` AFTER INSERT ON `actions` BEGIN
	INSERT INTO `action_counts` (`status`, `n`) VALUES (NEW.`status`, 1)
		ON CONFLICT (`status`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `actions_count_update` AFTER UPDATE OF `status` ON `actions` WHEN OLD.`status` <> NEW.`status` BEGIN
	UPDATE `action_counts` SET `n` = `n` - 1 WHERE `status` = OLD.`status`;
	INSERT INTO `action_counts` (`status`, `n`) VALUES (NEW.`status`, 1)
		ON CONFLICT (`status`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `actions_count_delete` AFTER DELETE ON `actions` BEGIN
	UPDATE `action_counts` SET `n` = `n` - 1 WHERE `status` = OLD.`status`;
END;
