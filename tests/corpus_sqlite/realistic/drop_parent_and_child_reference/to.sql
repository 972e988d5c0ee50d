CREATE TABLE players (id INTEGER PRIMARY KEY, name TEXT);
CREATE VIEW roster AS SELECT p.name AS player FROM players p;
