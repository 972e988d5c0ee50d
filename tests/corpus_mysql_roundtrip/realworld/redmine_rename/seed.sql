INSERT INTO projects (id, name, identifier) VALUES (1, 'eCookbook', 'ecookbook'), (2, 'OnlineStore', 'onlinestore');
INSERT INTO issue_categories VALUES (1, 1, 'Printing', 2), (2, 1, 'Recipes', NULL);
INSERT INTO issues VALUES (1, 1, 'Cannot print recipes', 'Unable to print recipes', 1, 0, 2.5), (2, 2, 'Add ingredients categories', NULL, NULL, 30, NULL);
