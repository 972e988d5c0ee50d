INSERT INTO tickets VALUES (1, 'Printer on fire', 'open', 'high', 'email,phone'), (2, 'Can''t log in', 'closed', 'low', ''), (3, 'Refund', 'pending', 'normal', 'web');
