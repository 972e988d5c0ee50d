INSERT INTO users (id, handle, note) VALUES (1, 'ada', 'C:\\new'), (2, 'bob', NULL), (3, 'it''s', '');
