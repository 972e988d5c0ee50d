CREATE TABLE accounts (
  id int NOT NULL PRIMARY KEY,
  balance decimal(10,2) NOT NULL DEFAULT 0,
  updated_count int NOT NULL DEFAULT 0
);

CREATE TABLE audit (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id int NOT NULL,
  note varchar(100)
);

CREATE VIEW rich_accounts AS SELECT id, balance FROM accounts WHERE balance > 1000;

CREATE VIEW audit_counts (account_id, n) AS
  SELECT account_id, COUNT(*) FROM audit GROUP BY account_id;

DELIMITER ;;
CREATE TRIGGER accounts_bu BEFORE UPDATE ON accounts FOR EACH ROW
BEGIN
  SET NEW.updated_count = OLD.updated_count + 1;
  IF NEW.balance < 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative balance; refused';
  END IF;
END;;

CREATE PROCEDURE add_audit(IN acc int, IN msg varchar(100))
BEGIN
  INSERT INTO audit (account_id, note) VALUES (acc, msg);
END ;;

CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC
RETURN x * 2;;
DELIMITER ;

CREATE TRIGGER accounts_ai AFTER INSERT ON accounts FOR EACH ROW INSERT INTO audit (account_id, note) VALUES (NEW.id, 'created');
