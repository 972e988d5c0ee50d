CREATE TABLE authors (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);
CREATE TABLE posts (
  id INT PRIMARY KEY,
  author_id INT NOT NULL,
  stars INT,
  CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES authors (id),
  CONSTRAINT stars_range CHECK (stars BETWEEN 1 AND 5)
);
CREATE TABLE notes (id INT PRIMARY KEY, author_id INT, FOREIGN KEY (author_id) REFERENCES authors (id));
