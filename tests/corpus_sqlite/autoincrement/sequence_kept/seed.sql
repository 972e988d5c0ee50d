INSERT INTO ev (what) VALUES ('a'), (NULL), ('c'), ('d');
DELETE FROM ev WHERE id = 4;
