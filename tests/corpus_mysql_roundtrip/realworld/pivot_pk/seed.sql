INSERT INTO users VALUES (1, 'a@x.io'), (2, 'b@x.io');
INSERT INTO roles VALUES (1, 'admin'), (2, 'editor');
INSERT INTO role_user VALUES (1, 1), (1, 2), (2, 2);
