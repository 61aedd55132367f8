-- sync_assistant_table as the macOS client has it (wps-account.md §1.1);
-- failed rows (status 5) with the error texts the sources name (§1.3).
CREATE TABLE sync_assistant_table (id INTEGER PRIMARY KEY, syncTaskId TEXT, status INTEGER, type INTEGER,
	transferTaskId TEXT, cacheItemId TEXT, fileId TEXT, groupId TEXT, parentId TEXT, fileName TEXT,
	fileSize INTEGER, completeSize INTEGER, fileVersion INTEGER, localPath TEXT, cloudPath TEXT,
	errorCode INTEGER, errorMsg TEXT, callFrom TEXT);
INSERT INTO sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES (4, 1, 'done.docx', '/Users/u/WPSDrive/212320004/WPS云盘/done.docx', '/我的云文档/done.docx', 0, '');
INSERT INTO sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES (5, 1, 'setup.exe', '/Users/u/WPSDrive/212320004/WPS云盘/setup.exe', '/我的云文档/setup.exe', 7, '{"result":"UnSupportFileType"}');
INSERT INTO sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES (5, 1, '超长文件名.docx', '/Users/u/WPSDrive/212320004/WPS云盘/超长文件名.docx', '/我的云文档/超长文件名.docx', 7, 'fileNameLengthExceed');
INSERT INTO sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES (5, 1, 'video.mp4', '/Users/u/WPSDrive/212320004/WPS云盘/video.mp4', '/我的云文档/video.mp4', 7, 'fileTooLarge');
INSERT INTO sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES (5, 1, '病毒样本.doc', '/Users/u/WPSDrive/212320004/WPS云盘/病毒样本.doc', '/我的云文档/病毒样本.doc', 7, '文件包含病毒');
