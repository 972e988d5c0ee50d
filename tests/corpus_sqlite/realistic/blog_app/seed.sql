INSERT INTO auth_user (password, is_superuser, username, email) VALUES ('x', 0, 'ann', 'a@x'), ('y', 1, 'bob', 'b@x');
DELETE FROM auth_user WHERE id = 2;
INSERT INTO auth_user (password, is_superuser, username, email) VALUES ('z', 0, 'cy', 'c@x');
INSERT INTO blog_post (author_id, title, body, status, views) VALUES (1, 'Hello', NULL, 'published', NULL), (3, 'It''s', '', 'draft', 5);
INSERT INTO comments (post_id, body, score) VALUES (1, 'nice', 4.5), (1, 'meh', NULL), (2, 'x', -1);
INSERT INTO post_fts (title, body) VALUES ('Hello', 'world');
