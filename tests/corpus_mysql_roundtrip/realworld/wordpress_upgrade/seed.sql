INSERT INTO wp_usermeta (umeta_id, user_id, meta_key, meta_value) VALUES (1, 1, 'nickname', 'admin'), (2, 1, 'wp_capabilities', 'a:1:{s:13:"administrator";b:1;}'), (3, 2, NULL, NULL);
INSERT INTO wp_options (option_id, option_name, option_value, autoload) VALUES (1, 'siteurl', 'http://example.com', 'yes'), (2, 'blogname', 'Émoji 😀 blog', 'yes'), (3, 'cron', '', 'no');
