CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, nick TEXT);
CREATE VIEW v AS SELECT id, name, nick FROM people;
