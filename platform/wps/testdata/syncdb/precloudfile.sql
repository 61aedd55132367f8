-- precloudfile.db as real WPS installs have it beside syncassistant.db
-- (wps-account.md §1.1): files queued before their first upload; none failed.
CREATE TABLE pre_cloudfile (
	dbId INTEGER PRIMARY KEY, groupId TEXT, parentId TEXT, taskId TEXT, taskStatus INTEGER,
	fileName TEXT, localPath TEXT, ext TEXT, bizSource TEXT, extendInfo TEXT);
INSERT INTO pre_cloudfile (groupId, parentId, taskId, taskStatus, fileName, localPath, ext, bizSource) VALUES
	('g1', '0', 't1', 0, '草稿.docx', 'C:\Users\u\WPSDrive\3172735\WPS云盘\草稿.docx', 'docx', 'sync');
