INSERT INTO authors VALUES (1, 'Ursula K. Le Guin'), (2, 'Terry Pratchett');
INSERT INTO books VALUES (1, 1, NULL, 'The Dispossessed'), (2, 2, 1, 'Guards! Guards!');
INSERT INTO reviews VALUES (1, 1, 5), (2, 2, 4), (3, 2, 1);
