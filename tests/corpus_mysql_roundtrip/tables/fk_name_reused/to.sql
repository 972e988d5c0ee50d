CREATE TABLE authors (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);
CREATE TABLE articles (
  id INT PRIMARY KEY,
  author_id INT NOT NULL,
  stars INT,
  title VARCHAR(100),
  CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES authors (id),
  CONSTRAINT stars_range CHECK (stars BETWEEN 1 AND 5)
);
CREATE TABLE memos (id INT PRIMARY KEY, author_id INT, CONSTRAINT notes_ibfk_1 FOREIGN KEY (author_id) REFERENCES authors (id));
