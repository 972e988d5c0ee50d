INSERT INTO mdl_course (id, category, sortorder, fullname, shortname, summary, format, startdate, timecreated, timemodified) VALUES
 (1, 0, 1, 'Moodle Sandbox', 'sandbox', '<p>Front page</p>', 'site', 0, 1690000000, 1690000000),
 (2, 1, 10001, 'Introduction to \'Quotes\' and \\backslashes\\', 'INTRO-101', NULL, 'topics', 1693526400, 1690000001, 1690000002),
 (4, 1, 10002, 'ภาษาไทย เบื้องต้น', 'TH-1', '', 'weeks', 1693526400, 1690000003, 1690000003);
INSERT INTO mdl_config_plugins (plugin, name, value) VALUES ('core', 'version', '2023042400'), ('mod_forum', 'maxbytes', '0'), ('auth_ldap', 'host_url', 'ldap://a;ldap://b');
