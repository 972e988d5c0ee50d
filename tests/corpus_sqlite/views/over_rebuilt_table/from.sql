CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, age TEXT);
CREATE VIEW adults AS SELECT id, name FROM people WHERE age >= 18;
CREATE VIEW adult_names AS SELECT name FROM adults;
