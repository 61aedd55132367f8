-- precloudfile.db with one queued and one failed upload (taskStatus 5).
CREATE TABLE pre_cloudfile (
	dbId INTEGER PRIMARY KEY, groupId TEXT, parentId TEXT, taskId TEXT, taskStatus INTEGER,
	fileName TEXT, localPath TEXT, ext TEXT, bizSource TEXT, extendInfo TEXT);
INSERT INTO pre_cloudfile (groupId, parentId, taskId, taskStatus, fileName, localPath, ext, bizSource) VALUES
	('g1', '0', 't1', 0, 'queued.docx', '/l/queued.docx', 'docx', 'sync'),
	('g1', '0', 't2', 5, 'failed.pptx', '/l/failed.pptx', 'pptx', 'sync');
