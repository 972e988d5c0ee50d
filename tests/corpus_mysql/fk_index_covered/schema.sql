-- A foreign key's own index goes when a later index starts with its columns (the server drops it).
CREATE TABLE a (id int PRIMARY KEY);
CREATE TABLE b (
  id int PRIMARY KEY,
  a_id int NOT NULL,
  CONSTRAINT fk_b_a_id FOREIGN KEY (a_id) REFERENCES a (id)
);
CREATE INDEX idx_b_a_id ON b (a_id, id);
CREATE TABLE c (id int PRIMARY KEY, a_id int, FOREIGN KEY (a_id) REFERENCES a (id));
CREATE INDEX c_other ON c (id);
