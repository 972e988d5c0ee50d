INSERT INTO "my ""table""" VALUES ('a', 1, 'ü'), (NULL, 2, NULL), ('', 3, 'x''y');
