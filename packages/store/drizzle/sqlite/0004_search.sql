-- Search (`q`): an FTS5 trigram index over tool, operation, agent_id and params, its rowid the
-- action's seq. detail=none keeps it small; the list query checks each candidate exactly.
-- Actions from before seq was kept (seq 0) take distinct negative seqs, oldest first.
UPDATE `actions` SET `seq` = -rowid WHERE `seq` = 0;--> statement-breakpoint
CREATE VIRTUAL TABLE `actions_fts` USING fts5(`tool`, `operation`, `agent_id`, `params`, content='actions', content_rowid='seq', tokenize='trigram', detail='none');--> statement-breakpoint
INSERT INTO `actions_fts` (`actions_fts`) VALUES ('rebuild');--> statement-breakpoint
CREATE TRIGGER `actions_fts_insert` AFTER INSERT ON `actions` BEGIN
	INSERT INTO `actions_fts` (rowid, `tool`, `operation`, `agent_id`, `params`)
		VALUES (NEW.`seq`, NEW.`tool`, NEW.`operation`, NEW.`agent_id`, NEW.`params`);
END;--> statement-breakpoint
CREATE TRIGGER `actions_fts_delete` AFTER DELETE ON `actions` BEGIN
	INSERT INTO `actions_fts` (`actions_fts`, rowid, `tool`, `operation`, `agent_id`, `params`)
		VALUES ('delete', OLD.`seq`, OLD.`tool`, OLD.`operation`, OLD.`agent_id`, OLD.`params`);
END;--> statement-breakpoint
CREATE TRIGGER `actions_fts_update` AFTER UPDATE OF `seq`, `tool`, `operation`, `agent_id`, `params` ON `actions` BEGIN
	INSERT INTO `actions_fts` (`actions_fts`, rowid, `tool`, `operation`, `agent_id`, `params`)
		VALUES ('delete', OLD.`seq`, OLD.`tool`, OLD.`operation`, OLD.`agent_id`, OLD.`params`);
	INSERT INTO `actions_fts` (rowid, `tool`, `operation`, `agent_id`, `params`)
		VALUES (NEW.`seq`, NEW.`tool`, NEW.`operation`, NEW.`agent_id`, NEW.`params`);
END;
