INSERT INTO language (language_id, name, last_update) VALUES (1, 'English', '2006-02-15 05:02:19'), (2, 'Italian', '2006-02-15 05:02:19');
INSERT INTO film (film_id, title, description, release_year, language_id, rental_rate, length, rating, special_features, last_update) VALUES
  (1, 'ACADEMY DINOSAUR', 'A Epic Drama of a Feminist And a Mad Scientist', 2006, 1, 0.99, 86, 'PG', 'Deleted Scenes,Behind the Scenes', '2006-02-15 05:03:42'),
  (2, 'ACE GOLDFINGER', NULL, NULL, 2, 4.99, NULL, 'G', NULL, '2006-02-15 05:03:42'),
  (3, 'C:\\path ''quoted''', 'back\\slash', 2001, 1, 2.99, 48, 'NC-17', 'Trailers', '2006-02-15 05:03:42');
