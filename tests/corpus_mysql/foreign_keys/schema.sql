CREATE TABLE authors (
  id int NOT NULL,
  region char(2) NOT NULL,
  name varchar(50),
  PRIMARY KEY (id),
  UNIQUE KEY uq_region_id (region, id)
);

CREATE TABLE books (
  id int NOT NULL AUTO_INCREMENT,
  author_id int NOT NULL,
  editor_id int,
  region char(2),
  title varchar(200) NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT fk_books_author FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (editor_id) REFERENCES authors (id) ON DELETE SET NULL,
  FOREIGN KEY (region, author_id) REFERENCES authors (region, id)
);

CREATE TABLE reviews (
  id int NOT NULL PRIMARY KEY,
  book_id int NOT NULL,
  KEY idx_book (book_id)
);
ALTER TABLE reviews ADD CONSTRAINT fk_reviews_book FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE RESTRICT;
