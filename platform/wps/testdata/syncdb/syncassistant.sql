-- syncassistant.db with one failed transfer (wps-account.md §1.1-1.3):
-- used by the unit tests of wps.syncdb and planted by the Wine stage.
CREATE TABLE sync_assistant_table (
	status INTEGER, type INTEGER, fileName TEXT, fileSize INTEGER, completeSize INTEGER,
	fileVersion INTEGER, localPath TEXT, cloudPath TEXT, errorCode INTEGER, errorMsg TEXT, callFrom TEXT);
INSERT INTO sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES
	(4, 0, '周报.docx', 'C:\Users\u\WPSDrive\3172735\WPS云盘\周报.docx', '/我的云文档/周报.docx', 0, ''),
	(5, 0, '预算.xlsx', 'C:\Users\u\WPSDrive\3172735\WPS云盘\预算.xlsx', '/我的云文档/预算.xlsx', 41007, 'upload failed');
