CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'unnamed', updated TEXT);
CREATE TABLE log (id INTEGER PRIMARY KEY, item_id INTEGER, what TEXT);
CREATE TRIGGER items_log AFTER UPDATE ON items BEGIN
  INSERT INTO log (item_id, what) VALUES (NEW.id, 'updated; ' || NEW.name);
END;
