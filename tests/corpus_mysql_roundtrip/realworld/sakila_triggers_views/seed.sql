INSERT INTO film (film_id, title, description) VALUES (1, 'ACADEMY DINOSAUR', 'A drama'), (2, 'ACE', NULL);
