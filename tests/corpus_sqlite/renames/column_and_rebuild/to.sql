CREATE TABLE users (id INTEGER PRIMARY KEY, login TEXT NOT NULL DEFAULT 'nobody', age INTEGER CHECK (age >= 0));
CREATE INDEX users_username_idx ON users (login);
