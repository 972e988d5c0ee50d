INSERT INTO msg VALUES (1, 'plain', 'abc'), (2, 'party 🎉 time', 'def');
