INSERT INTO oc_filecache (fileid, storage, path, path_hash, parent, name, mimetype, mimepart, size, mtime, storage_mtime, etag, permissions) VALUES
 (1, 1, '', 'd41d8cd98f00b204e9800998ecf8427e', -1, '', 2, 1, 15283, 1700000000, 1700000000, '6560b1f2', 23),
 (2, 1, 'files', '45b963397aa40d4a0063e0d85e4fe7a1', 1, 'files', 2, 1, 15283, 1700000001, 1700000001, '6560b1f3', 31),
 (3, 1, 'files/Readme.md', 'aa2f1a9f', 2, 'Readme.md', 5, 4, 136, 1700000002, 1700000002, 'ab12', 27),
 (1030, 2, 'files/Ünïcødé.txt', 'bbb', 2, 'Ünïcødé.txt', 5, 4, 0, 2147483647, 0, NULL, NULL);
INSERT INTO oc_share (id, share_type, share_with, uid_owner, parent, item_type, item_source, file_source, file_target, permissions, stime, token) VALUES
 (1, 3, NULL, 'admin', NULL, 'file', '3', 3, '/Readme.md', 1, 1700000100, 'Kx9zP2'),
 (2, 0, 'alice', 'admin', 1, 'folder', '2', 2, '/files', 31, 1700000200, NULL);
