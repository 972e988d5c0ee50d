SET sql_mode = 'NO_ENGINE_SUBSTITUTION';
INSERT INTO wp_comments (comment_ID, comment_post_ID, comment_author, comment_author_email, comment_date, comment_date_gmt, comment_content, comment_type, comment_approved) VALUES
 (1, 1, 'A WordPress Commenter', 'wapuu@wordpress.example', '2019-05-01 10:00:00', '2019-05-01 08:00:00', 'Hi, this is a comment.\nTo get started with moderating...', '', '1'),
 (2, 1, 'Zoë O''Brien', '', '0000-00-00 00:00:00', '0000-00-00 00:00:00', 'Ça marche — très bien', 'pingback', 'spam'),
 (3, 2, 'C:\\new', 'x@y.z', '2020-01-01 00:00:00', '2020-01-01 00:00:00', '', 'comment', '0');
INSERT INTO wp_termmeta VALUES (1, 5, 'color', 'blue'), (2, 5, NULL, NULL);
