INSERT INTO addr VALUES (1, 'Main St,Springfield,12345'), (2, 'Only'), (3, NULL), (4, 'a,b,c,d');
