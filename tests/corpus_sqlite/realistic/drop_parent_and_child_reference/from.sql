CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE INDEX teams_name ON teams (name);
CREATE TABLE players (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams (id), name TEXT);
CREATE VIEW roster AS SELECT p.name AS player, t.name AS team FROM players p LEFT JOIN teams t ON t.id = p.team_id;
