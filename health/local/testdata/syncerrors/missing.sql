-- sync_assistant_table as the macOS client has it (wps-account.md §1.1);
-- failed rows (status 5) with the error texts the sources name (§1.3).
CREATE TABLE sync_assistant_table (id INTEGER PRIMARY KEY, syncTaskId TEXT, status INTEGER, type INTEGER,
	transferTaskId TEXT, cacheItemId TEXT, fileId TEXT, groupId TEXT, parentId TEXT, fileName TEXT,
	fileSize INTEGER, completeSize INTEGER, fileVersion INTEGER, localPath TEXT, cloudPath TEXT,
	errorCode INTEGER, errorMsg TEXT, callFrom TEXT);
INSERT INTO sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES (4, 1, 'done.docx', '/Users/u/WPSDrive/212320004/WPS云盘/done.docx', '/我的云文档/done.docx', 0, '');
INSERT INTO sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES (5, 1, '旧稿.docx', '/Users/u/WPSDrive/212320004/WPS云盘/旧稿.docx', '/我的云文档/旧稿.docx', -5, '文件不存在');
